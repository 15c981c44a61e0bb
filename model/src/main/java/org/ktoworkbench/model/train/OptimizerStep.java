package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDManager;
import org.ktoworkbench.model.kto.KtoBatcher;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optimizer step: the micro-batches of gradient accumulation through the objective (forward and backward), the
 * guard against a non-finite loss, then AdamW at the step's learning rate. {@link TrainingLoop} and
 * {@link KtoStepRunner} both go through here, so a benchmark times the training code itself.
 *
 * <p>With a {@link LossScaler} (fp16) the loss is multiplied by its scale before backward and AdamW divides the
 * gradients by it again; a step whose gradients overflowed is skipped (weights, moments and AdamW's step count
 * unchanged) and the scale backs off, as PyTorch's {@code GradScaler.step} does. The learning-rate schedule still
 * moves on: the step counts, as in HF's Trainer.
 */
final class OptimizerStep {
    private final Objective objective;
    private final AdamW optimizer;
    private final int gradientAccumulation;
    private final LossScaler scaler; // null: float32, nothing scaled

    OptimizerStep(Objective objective, AdamW optimizer, int gradientAccumulation, LossScaler scaler) {
        if (gradientAccumulation < 1) {
            throw new IllegalArgumentException("gradient accumulation must be at least 1, got " + gradientAccumulation);
        }
        this.objective = objective;
        this.optimizer = optimizer;
        this.gradientAccumulation = gradientAccumulation;
        this.scaler = scaler;
    }

    /**
     * Takes the next micro-batches from {@code cursor} and updates the weights; each step's arrays live in a
     * sub-manager of {@code root} closed before this returns.
     *
     * @throws NonFinite when the loss is NaN or infinite, or, without a loss scaler, the gradient norm; no weight was
     *                   changed then
     */
    Taken take(KtoBatcher.Cursor cursor, double lr, NDManager root) throws NonFinite {
        StepMetrics metrics = new StepMetrics();
        double lossScale = scaler == null ? 1.0 : scaler.scale();
        try (NDManager stepManager = root.newSubManager()) {
            for (int micro = 0; micro < gradientAccumulation; micro++) {
                Objective.MicroBatchResult result = objective.trainOn(cursor.next(), stepManager,
                        lossScale / gradientAccumulation);
                metrics.add(result.metrics(), result.tokens());
            }
            Map<String, Double> means = metrics.means("");
            Double loss = means.get("loss");
            if (loss == null || !Double.isFinite(loss)) {
                optimizer.zeroGradients();
                throw new NonFinite("loss is " + loss);
            }
            try {
                double gradNorm = optimizer.step(lr, 1.0 / lossScale);
                if (scaler != null) scaler.update(gradNorm);
                return new Taken(means, metrics.tokens(), gradNorm, false, lossScale);
            } catch (NonFiniteGradientException e) {
                if (scaler == null) throw new NonFinite("gradient norm is " + e.gradNorm());
                scaler.update(e.gradNorm());
                return new Taken(means, metrics.tokens(), e.gradNorm(), true, lossScale);
            }
        }
    }

    /**
     * The step's logged metrics: the objective's means, {@code grad_norm} (not for a step skipped for an overflow),
     * {@code learning_rate}, and with a loss scaler {@code loss_scale} and {@code skipped_steps}.
     */
    Map<String, Double> metrics(Taken taken, double lr) {
        Map<String, Double> values = new LinkedHashMap<>(taken.means());
        if (!taken.skipped()) values.put("grad_norm", taken.gradNorm());
        values.put("learning_rate", lr);
        if (scaler != null) {
            values.put("loss_scale", taken.lossScale());
            values.put("skipped_steps", (double) scaler.skippedSteps());
        }
        return values;
    }

    /**
     * What a step computed: metric means over its micro-batches, tokens it read, gradient norm before clipping
     * (unscaled; not finite when {@code skipped}), whether the update was skipped for an overflow, and the loss scale
     * the step's backward used (1 without a scaler).
     */
    record Taken(Map<String, Double> means, long tokens, double gradNorm, boolean skipped, double lossScale) {}

    /** The step was refused because {@code what} (the loss or the gradient norm) is not finite. */
    static final class NonFinite extends Exception {
        NonFinite(String what) {
            super(what);
        }
    }
}
