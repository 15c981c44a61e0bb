package org.ktoworkbench.model.train;

import java.util.Optional;

/**
 * How a run's forward and backward compute: {@link #NONE} in float32, or {@link #FP16}: float16 compute over float32
 * master weights with dynamic loss scaling ({@link LossScaler}), for GPUs only (PyTorch's CPU kernels for float16 are
 * slow or missing, and BF16 aborts DJL 0.36: see docs/bf16.md).
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

    /** Why {@code name} cannot run on {@code device}; empty when it can. */
    public static Optional<String> problem(String name, String device) {
        if (!NONE.jsonName.equals(name) && !FP16.jsonName.equals(name)) {
            return Optional.of("must be none or fp16, got " + name + (("bf16".equals(name))
                    ? " (BF16 aborts DJL 0.36's PyTorch engine: see docs/bf16.md)" : ""));
        }
        if (FP16.jsonName.equals(name) && !ComputeDevice.isGpu(device)) {
            return Optional.of("fp16 needs a GPU device (--device gpu): float16 compute on the CPU is not supported");
        }
        return Optional.empty();
    }
}
