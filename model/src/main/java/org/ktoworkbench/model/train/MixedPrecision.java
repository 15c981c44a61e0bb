package org.ktoworkbench.model.train;

import org.ktoworkbench.model.nn.Autocast;

import java.util.Optional;

/**
 * How a run computes: {@link #NONE} in float32, or {@link #FP16}, PyTorch's automatic mixed precision: the matrix
 * products in float16 ({@link Autocast}) over float32 master weights, which AdamW updates, and dynamic loss scaling
 * ({@link LossScaler}) so that small gradients survive float16's range. BF16 aborts DJL 0.36 (docs/bf16.md).
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
        for (MixedPrecision p : values()) if (p.jsonName.equals(name)) return Optional.empty();
        return Optional.of("must be none or fp16, got " + name + (("bf16".equals(name))
                ? " (BF16 aborts DJL 0.36's PyTorch engine: see docs/bf16.md)" : ""));
    }

    /** Opens this precision's compute on the current thread until the scope closes. */
    public Autocast.Scope open() {
        return this == FP16 ? Autocast.float16() : Autocast.unchanged();
    }

    /** A fresh loss scaler for a phase that starts at step 0; null when this precision scales nothing. */
    LossScaler newScaler() {
        return this == FP16 ? LossScaler.defaults() : null;
    }
}
