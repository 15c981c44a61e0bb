package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.ktoworkbench.model.kto.KtoBatcher;
import org.ktoworkbench.model.kto.KtoParams;
import org.ktoworkbench.model.nn.Autocast;
import org.ktoworkbench.model.nn.CausalLm;

import java.util.Map;

/**
 * KTO optimizer steps outside a run, on the training code itself ({@link KtoObjective} and AdamW through
 * {@link OptimizerStep}), for benchmarks and soak tests: any {@link CausalLm} as the policy (the built-in GPT or a
 * loaded Hugging Face model), its frozen copy as the reference (recomputed every step, not cached), no gradient
 * accumulation, no workspace, no events. With fp16 each step runs under {@link org.ktoworkbench.model.nn.Autocast} with a
 * loss scaler, as a run's steps do, and reports {@code loss_scale} and {@code skipped_steps}.
 * Steps run on the calling thread; use one runner from one thread.
 */
public final class KtoStepRunner implements AutoCloseable {
    private final NDManager root = NDManager.newBaseManager();
    private final CausalLm policy;
    private final CausalLm reference;
    private final AdamW optimizer;
    private final OptimizerStep optimizerStep;
    private final KtoBatcher.Cursor cursor;
    private final LearningRateSchedule schedule;
    private final MixedPrecision precision;
    private long stepsDone;

    private KtoStepRunner(CausalLm policy, EncodedRows rows, int microBatchSize, KtoParams params, AdamWConfig adamW,
                          LearningRateSchedule schedule, long seed, StepOptions options) {
        this.policy = policy;
        this.reference = policy.frozenCopy();
        this.optimizer = new AdamW(policy.parameters(), adamW);
        KtoObjective objective = new KtoObjective(policy, new ReferenceLogProbs(reference, rows, false), rows, params,
                options.gradientCheckpointing());
        this.precision = options.precision();
        this.optimizerStep = new OptimizerStep(objective, optimizer, 1, precision.newScaler());
        this.cursor = new KtoBatcher(rows.size(), microBatchSize, seed).cursor();
        this.schedule = schedule;
    }

    /**
     * A runner that trains {@code policy} on {@code rows}, batches shuffled with {@code seed}. The runner owns the
     * policy from here on: closing the runner closes it, and so does a failure to create the runner.
     *
     * @param policy a model whose context holds the longest packed row
     */
    public static KtoStepRunner create(CausalLm policy, long seed, EncodedRows rows, int microBatchSize,
                                       KtoParams params, AdamWConfig adamW, LearningRateSchedule schedule) {
        return create(policy, seed, rows, microBatchSize, params, adamW, schedule, StepOptions.PLAIN);
    }

    /** As {@link #create(CausalLm, long, EncodedRows, int, KtoParams, AdamWConfig, LearningRateSchedule)}, with
     *  gradient checkpointing and the precision of {@code options}. */
    public static KtoStepRunner create(CausalLm policy, long seed, EncodedRows rows, int microBatchSize,
                                       KtoParams params, AdamWConfig adamW, LearningRateSchedule schedule,
                                       StepOptions options) {
        try {
            return new KtoStepRunner(policy, rows, microBatchSize, params, adamW, schedule, seed, options);
        } catch (RuntimeException e) {
            policy.close();
            throw e;
        }
    }

    /**
     * One full KTO step: policy forward and backward, policy KL forward, two reference forwards, loss, AdamW.
     *
     * @throws IllegalStateException when the loss or gradient norm is not finite (no weight was changed)
     */
    public StepReport step() {
        JniUtils.setGradMode(false); // grad mode is per thread: on only inside the objective's GradientCollector
        double lr = schedule.lr(stepsDone);
        OptimizerStep.Taken taken;
        try (Autocast.Scope scope = precision.open()) {
            taken = optimizerStep.take(cursor, lr, root);
        } catch (OptimizerStep.NonFinite e) {
            throw new IllegalStateException("step " + (stepsDone + 1) + ": " + e.getMessage());
        }
        stepsDone++;
        return new StepReport(stepsDone, optimizerStep.metrics(taken, lr), taken.tokens());
    }

    public long stepsDone() {
        return stepsDone;
    }

    /** Arrays held by the policy's manager: parameters and optimizer moments, constant unless something leaks into it. */
    public int policyManagedArrays() {
        return policy.managedArrayCount();
    }

    @Override
    public void close() {
        optimizer.close();
        reference.close();
        policy.close();
        root.close();
    }

    /**
     * @param step    steps done after this one (1 for the first)
     * @param metrics TRL-named metrics of the step (loss, rewards/..., grad_norm, learning_rate)
     * @param tokens  input tokens the policy read in the step
     */
    public record StepReport(long step, Map<String, Double> metrics, long tokens) {}
}
