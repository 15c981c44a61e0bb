package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDManager;
import org.ktoworkbench.model.kto.KtoBatcher;

import java.util.Map;

/**
 * One optimizer step: the micro-batches of gradient accumulation through the objective (forward and backward), the
 * guard against a non-finite loss, then AdamW at the step's learning rate. {@link TrainingLoop} and
 * {@link KtoStepRunner} both go through here, so a benchmark times the training code itself.
 */
final class OptimizerStep {
    private final Objective objective;
    private final AdamW optimizer;
    private final int gradientAccumulation;

    OptimizerStep(Objective objective, AdamW optimizer, int gradientAccumulation) {
        if (gradientAccumulation < 1) {
            throw new IllegalArgumentException("gradient accumulation must be at least 1, got " + gradientAccumulation);
        }
        this.objective = objective;
        this.optimizer = optimizer;
        this.gradientAccumulation = gradientAccumulation;
    }

    /**
     * Takes the next micro-batches from {@code cursor} and updates the weights; each step's arrays live in a
     * sub-manager of {@code root} closed before this returns.
     *
     * @throws NonFinite when the loss or the gradient norm is NaN or infinite; no weight was changed then
     */
    Taken take(KtoBatcher.Cursor cursor, double lr, NDManager root) throws NonFinite {
        StepMetrics metrics = new StepMetrics();
        try (NDManager stepManager = root.newSubManager()) {
            for (int micro = 0; micro < gradientAccumulation; micro++) {
                Objective.MicroBatchResult result = objective.trainOn(cursor.next(), stepManager,
                        1.0 / gradientAccumulation);
                metrics.add(result.metrics(), result.tokens());
            }
            Map<String, Double> means = metrics.means("");
            Double loss = means.get("loss");
            if (loss == null || !Double.isFinite(loss)) {
                optimizer.zeroGradients();
                throw new NonFinite("loss is " + loss);
            }
            double gradNorm = optimizer.step(lr);
            return new Taken(means, metrics.tokens(), gradNorm);
        } catch (NonFiniteGradientException e) {
            throw new NonFinite("gradient norm is " + e.gradNorm());
        }
    }

    /** What a step computed: metric means over its micro-batches, tokens it read, gradient norm before clipping. */
    record Taken(Map<String, Double> means, long tokens, double gradNorm) {}

    /** The step was refused because {@code what} (the loss or the gradient norm) is not finite. */
    static final class NonFinite extends Exception {
        NonFinite(String what) {
            super(what);
        }
    }
}
