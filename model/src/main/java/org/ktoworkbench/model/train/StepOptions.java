package org.ktoworkbench.model.train;

/** How a training step computes, beside its data and hyperparameters: gradient checkpointing and the precision. */
public record StepOptions(boolean gradientCheckpointing, MixedPrecision precision) {
    /** Every block's activations kept, float32. */
    public static final StepOptions PLAIN = new StepOptions(false, MixedPrecision.NONE);

    public StepOptions {
        if (precision == null) throw new IllegalArgumentException("precision is required (MixedPrecision.NONE for float32)");
    }
}
