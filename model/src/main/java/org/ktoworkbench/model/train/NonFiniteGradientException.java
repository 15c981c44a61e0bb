package org.ktoworkbench.model.train;

/**
 * The global gradient norm was NaN or infinite, so {@link AdamW#step} left weights, moments and the
 * step count untouched. The caller decides: skip the batch, lower the learning rate, or stop the run.
 */
public final class NonFiniteGradientException extends Exception {
    private final double gradNorm;

    public NonFiniteGradientException(double gradNorm) {
        super("gradient norm is " + gradNorm + ": the update was skipped and no weight was changed");
        this.gradNorm = gradNorm;
    }

    public double gradNorm() {
        return gradNorm;
    }
}
