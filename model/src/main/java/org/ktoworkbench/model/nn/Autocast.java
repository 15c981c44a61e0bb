package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.core.Linear;
import org.ktoworkbench.model.ndarray.DifferentiableCast;

/**
 * Mixed-precision compute as {@code torch.autocast(dtype=float16)} does it: inside a scope on this thread, the matrix
 * products of every model (linear layers, attention's two products, the LM head) convert their operands to float16 and
 * return float16; everything else (embeddings, norms, softmax, log-softmax, the loss) runs in the type its inputs have,
 * so a float16 product added to the float32 residual stream promotes back to float32. The weights stay float32 (the
 * optimizer's master copy); their float16 copies are made per product on the gradient path, so their gradients reach
 * the float32 weights. Outside a scope every product runs in its operands' type.
 */
public final class Autocast {
    private static final ThreadLocal<DataType> COMPUTE = new ThreadLocal<>();

    private Autocast() {}

    /** A scope on this thread: products run in float16 until it closes (then the previous setting is back). */
    public static Scope float16() {
        return new Scope(DataType.FLOAT16);
    }

    /** A scope that changes nothing (float32 runs, where a caller opens a scope either way). */
    public static Scope unchanged() {
        return new Scope(COMPUTE.get());
    }

    /** Whether products on this thread run in float16 now. */
    public static boolean active() {
        return COMPUTE.get() != null;
    }

    /** {@code x · Wᵀ} (+ {@code bias} when not null), {@code weight} stored [out, in] as nn.Linear does. */
    public static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        DataType type = COMPUTE.get();
        if (type != null) {
            x = DifferentiableCast.to(x, type);
            weight = DifferentiableCast.to(weight, type);
            bias = bias == null ? null : DifferentiableCast.to(bias, type);
        }
        return (bias == null ? Linear.linear(x, weight) : Linear.linear(x, weight, bias)).singletonOrThrow();
    }

    /** {@code a · b}. */
    public static NDArray matMul(NDArray a, NDArray b) {
        DataType type = COMPUTE.get();
        if (type == null) return a.matMul(b);
        return DifferentiableCast.to(a, type).matMul(DifferentiableCast.to(b, type));
    }

    /** Restores the setting it replaced when closed; close it on the thread that opened it. */
    public static final class Scope implements AutoCloseable {
        private final DataType previous;

        private Scope(DataType type) {
            previous = COMPUTE.get();
            if (type == null) COMPUTE.remove();
            else COMPUTE.set(type);
        }

        @Override
        public void close() {
            if (previous == null) COMPUTE.remove();
            else COMPUTE.set(previous);
        }
    }
}
