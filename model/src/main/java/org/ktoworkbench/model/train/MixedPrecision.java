package org.ktoworkbench.model.train;

import java.util.Optional;

/**
 * How a run's forward and backward compute: {@link #NONE} in float32, or {@link #FP16}: float16 compute over float32
 * master weights with dynamic loss scaling ({@link LossScaler}). BF16 aborts DJL 0.36 (docs/bf16.md).
 *
 * <p>Not done yet: the trainer has no float16 compute copy of the model, so {@code fp16} is refused by
 * {@link #problem} rather than accepted and ignored. DJL 0.36's float16 matMul, softmax and layerNorm do run on the
 * CPU (tried), so the path can be tested there once it exists. DJL 0.36's {@code toType} runs under a
 * {@code NoGradGuard} (its JNI {@code torchTo}), so a cast is not differentiable: a float16 view whose parameters are
 * casts of the float32 masters gets no gradient back to them (tried). The compute copy has to be float16 leaf arrays
 * requiring gradients, refreshed from the masters after each step, with their gradients cast to float32 and handed to
 * AdamW; {@link AdamW#step(double, double)} already unscales them and {@link LossScaler} saves into a checkpoint.
 */
public enum MixedPrecision {
    NONE("none"),
    FP16("fp16");

    private final String jsonName;

    MixedPrecision(String jsonName) {
        this.jsonName = jsonName;
    }

    /** The config's spelling: {@code none} or {@code fp16}. */
    public String jsonName() {
        return jsonName;
    }

    public static MixedPrecision parse(String name) {
        for (MixedPrecision p : values()) if (p.jsonName.equals(name)) return p;
        throw new IllegalArgumentException("mixed precision must be none or fp16, got " + name);
    }

    /** Why {@code name} cannot run; empty when it can. */
    public static Optional<String> problem(String name) {
        if (!NONE.jsonName.equals(name) && !FP16.jsonName.equals(name)) {
            return Optional.of("must be none or fp16, got " + name + (("bf16".equals(name))
                    ? " (BF16 aborts DJL 0.36's PyTorch engine: see docs/bf16.md)" : ""));
        }
        if (FP16.jsonName.equals(name)) {
            return Optional.of("fp16 is not implemented yet (the loss scaler is, the float16 compute copy of the model"
                    + " is not): use none");
        }
        return Optional.empty();
    }
}
