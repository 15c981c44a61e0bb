package org.ktoworkbench.model.train;

/**
 * AdamW hyperparameters other than the learning rate (which a {@link LearningRateSchedule} gives per step).
 *
 * @param beta1       decay of the first moment (0.9)
 * @param beta2       decay of the second moment (0.999)
 * @param eps         added to the denominator (1e-8)
 * @param weightDecay decoupled decay, applied only to parameters marked {@code decay} (TRL's default 0.0)
 * @param maxGradNorm global-norm clipping threshold (HF's default 1.0); 0 or less turns clipping off
 */
public record AdamWConfig(double beta1, double beta2, double eps, double weightDecay, double maxGradNorm) {

    public AdamWConfig {
        requireIn("beta1", beta1, 0, 1);
        requireIn("beta2", beta2, 0, 1);
        if (!(eps > 0) || Double.isInfinite(eps)) {
            throw new IllegalArgumentException("eps must be a finite number > 0, got " + eps);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be a finite number >= 0, got " + weightDecay);
        }
        if (Double.isNaN(maxGradNorm)) {
            throw new IllegalArgumentException("max grad norm must be a number (0 or less turns clipping off)");
        }
    }

    /** β1 0.9, β2 0.999, ε 1e-8, no weight decay, clipping at global norm 1.0 (HF Trainer / TRL defaults). */
    public static AdamWConfig defaults() {
        return new AdamWConfig(0.9, 0.999, 1e-8, 0.0, 1.0);
    }

    public AdamWConfig withWeightDecay(double value) {
        return new AdamWConfig(beta1, beta2, eps, value, maxGradNorm);
    }

    public AdamWConfig withMaxGradNorm(double value) {
        return new AdamWConfig(beta1, beta2, eps, weightDecay, value);
    }

    public boolean clips() {
        return maxGradNorm > 0 && Double.isFinite(maxGradNorm);
    }

    private static void requireIn(String name, double value, double fromInclusive, double toExclusive) {
        if (!(value >= fromInclusive && value < toExclusive)) {
            throw new IllegalArgumentException(name + " must be in [" + fromInclusive + ", " + toExclusive + "), got "
                    + value);
        }
    }
}
