package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDManager;
import org.ktoworkbench.model.kto.KtoBatcher;
import org.ktoworkbench.model.kto.MicroBatch;
import org.ktoworkbench.model.nn.CausalLm;

import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The optimizer loop shared by SFT and KTO: micro-batches from a seeded cursor, gradient accumulation, the learning
 * rate schedule, AdamW, a {@link RunEvent.Step} per step, checkpoints, evaluation points, cancellation, and the guard
 * that stops a run on a non-finite loss or gradient. With a {@link LossScaler} (fp16) each step also logs
 * {@code loss_scale} and {@code skipped_steps}; a step skipped for an overflow logs no {@code grad_norm}.
 */
final class TrainingLoop {
    private final RunEvent.Phase phase;
    private final long runId;
    private final CausalLm policy;
    private final KtoBatcher batcher;
    private final AdamW optimizer;
    private final LossScaler scaler;
    private final OptimizerStep optimizerStep;
    private final LearningRateSchedule schedule;
    private final long totalSteps;
    private final RunListener listener;
    private final CancellationToken cancellation;
    private Checkpoints checkpoints;
    private int checkpointEvery;
    private LongFunction<RunEvent.Eval> evaluation;
    private int evalEvery;
    private long lastCheckpoint;

    TrainingLoop(RunEvent.Phase phase, long runId, CausalLm policy, Objective objective, KtoBatcher batcher,
                 AdamW optimizer, LossScaler scaler, LearningRateSchedule schedule, int gradientAccumulation,
                 long totalSteps, RunListener listener, CancellationToken cancellation) {
        this.phase = phase;
        this.runId = runId;
        this.policy = policy;
        this.batcher = batcher;
        this.optimizer = optimizer;
        this.scaler = scaler;
        this.optimizerStep = new OptimizerStep(objective, optimizer, gradientAccumulation, scaler);
        this.schedule = schedule;
        this.totalSteps = totalSteps;
        this.listener = listener;
        this.cancellation = cancellation;
    }

    TrainingLoop checkpointEvery(Checkpoints checkpoints, int every) {
        this.checkpoints = checkpoints;
        this.checkpointEvery = every;
        return this;
    }

    /** @param evaluation builds the eval point after a given number of steps */
    TrainingLoop evaluateEvery(LongFunction<RunEvent.Eval> evaluation, int every) {
        this.evaluation = evaluation;
        this.evalEvery = every;
        return this;
    }

    /** Runs from {@code state} to the last step, or until cancelled or stopped by the guard. */
    LoopOutcome run(TrainingState state, NDManager root) {
        KtoBatcher.Cursor cursor = batcher.cursor(state.nextBatchPosition());
        long started = System.nanoTime();
        long firstStep = state.stepsDone();
        Map<String, Double> last = Map.of();
        lastCheckpoint = firstStep; // a run that does not start at 0 starts from its checkpoint
        for (long step = firstStep; step < totalSteps; step++) {
            if (cancellation.isCancelled()) {
                return new LoopOutcome(LoopOutcome.End.CANCELLED, step, last, "cancelled after " + step + " steps");
            }
            long stepStart = System.nanoTime();
            double lr = schedule.lr(step);
            OptimizerStep.Taken taken;
            try {
                taken = optimizerStep.take(cursor, lr, root);
            } catch (OptimizerStep.NonFinite e) {
                return nonFinite(step, last, e.getMessage());
            }
            double seconds = (System.nanoTime() - stepStart) / 1e9;
            Map<String, Double> values = optimizerStep.metrics(taken, lr);
            values.put("tokens/s", taken.tokens() / seconds);
            last = values;
            long done = step + 1;
            double elapsed = (System.nanoTime() - started) / 1e9;
            double eta = elapsed / (done - firstStep) * (totalSteps - done);
            listener.onEvent(new RunEvent.Step(runId, phase, done, totalSteps, values, elapsed, eta));
            if (evaluation != null && evalEvery > 0 && (done % evalEvery == 0 || done == totalSteps)) {
                listener.onEvent(evaluation.apply(done));
            }
            if (checkpoints != null && checkpointEvery > 0 && (done % checkpointEvery == 0 || done == totalSteps)) {
                checkpoints.save(policy, optimizer, scaler, new TrainingState(done, cursor.position()));
                lastCheckpoint = done;
            }
        }
        return new LoopOutcome(LoopOutcome.End.COMPLETED, totalSteps, last, "completed " + totalSteps + " steps");
    }

    private LoopOutcome nonFinite(long step, Map<String, Double> last, String what) {
        String kept = lastCheckpoint > 0 ? "the last good checkpoint (step " + lastCheckpoint + ") is kept"
                : "no checkpoint was written before it";
        return new LoopOutcome(LoopOutcome.End.NON_FINITE, step,
                last, "stopped at step " + (step + 1) + ": " + what + "; weights were not updated and " + kept);
    }

    /** Averages the objective over micro-batches of the eval split, metric names prefixed with {@code eval/}. */
    static Map<String, Double> evaluate(Objective objective, List<MicroBatch> batches, NDManager root) {
        StepMetrics metrics = new StepMetrics();
        for (MicroBatch batch : batches) {
            try (NDManager stepManager = root.newSubManager()) {
                Objective.MicroBatchResult result = objective.evaluate(batch, stepManager);
                metrics.add(result.metrics(), result.tokens());
            }
        }
        return metrics.means("eval/");
    }

    record LoopOutcome(End end, long stepsDone, Map<String, Double> lastMetrics, String message) {
        enum End { COMPLETED, CANCELLED, NON_FINITE }
    }
}
