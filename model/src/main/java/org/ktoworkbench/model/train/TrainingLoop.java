package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDManager;
import org.ktoworkbench.model.kto.KtoBatcher;
import org.ktoworkbench.model.kto.MicroBatch;
import org.ktoworkbench.model.nn.CausalLm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The optimizer loop shared by SFT and KTO: micro-batches from a seeded cursor, gradient accumulation, the learning
 * rate schedule, AdamW, a {@link RunEvent.Step} per step, checkpoints, evaluation points, cancellation, and the guard
 * that stops a run on a non-finite loss or gradient.
 */
final class TrainingLoop {
    private final RunEvent.Phase phase;
    private final long runId;
    private final CausalLm policy;
    private final Objective objective;
    private final KtoBatcher batcher;
    private final AdamW optimizer;
    private final LearningRateSchedule schedule;
    private final int gradientAccumulation;
    private final long totalSteps;
    private final RunListener listener;
    private final CancellationToken cancellation;
    private Checkpoints checkpoints;
    private int checkpointEvery;
    private LongFunction<RunEvent.Eval> evaluation;
    private int evalEvery;
    private long lastCheckpoint;

    TrainingLoop(RunEvent.Phase phase, long runId, CausalLm policy, Objective objective, KtoBatcher batcher,
                 AdamW optimizer, LearningRateSchedule schedule, int gradientAccumulation, long totalSteps,
                 RunListener listener, CancellationToken cancellation) {
        this.phase = phase;
        this.runId = runId;
        this.policy = policy;
        this.objective = objective;
        this.batcher = batcher;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.gradientAccumulation = gradientAccumulation;
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
            StepMetrics metrics = new StepMetrics();
            double gradNorm;
            double lr = schedule.lr(step);
            try (NDManager stepManager = root.newSubManager()) {
                for (int micro = 0; micro < gradientAccumulation; micro++) {
                    MicroBatch batch = cursor.next();
                    Objective.MicroBatchResult result = objective.trainOn(batch, stepManager, 1.0 / gradientAccumulation);
                    metrics.add(result.metrics(), result.tokens());
                }
                Double loss = metrics.means("").get("loss");
                if (loss == null || !Double.isFinite(loss)) {
                    optimizer.zeroGradients();
                    return nonFinite(step, last, "loss is " + loss);
                }
                gradNorm = optimizer.step(lr);
            } catch (NonFiniteGradientException e) {
                return nonFinite(step, last, "gradient norm is " + e.gradNorm());
            }
            double seconds = (System.nanoTime() - stepStart) / 1e9;
            Map<String, Double> values = new LinkedHashMap<>(metrics.means(""));
            values.put("grad_norm", gradNorm);
            values.put("learning_rate", lr);
            values.put("tokens/s", metrics.tokens() / seconds);
            last = values;
            long done = step + 1;
            double elapsed = (System.nanoTime() - started) / 1e9;
            double eta = elapsed / (done - firstStep) * (totalSteps - done);
            listener.onEvent(new RunEvent.Step(runId, phase, done, totalSteps, values, elapsed, eta));
            if (evaluation != null && evalEvery > 0 && (done % evalEvery == 0 || done == totalSteps)) {
                listener.onEvent(evaluation.apply(done));
            }
            if (checkpoints != null && checkpointEvery > 0 && (done % checkpointEvery == 0 || done == totalSteps)) {
                checkpoints.save(policy, optimizer, new TrainingState(done, cursor.position()));
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
