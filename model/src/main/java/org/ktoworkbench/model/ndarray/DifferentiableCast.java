package org.ktoworkbench.model.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;

/**
 * A dtype conversion that autograd sees through. DJL 0.36's {@code toType} runs its JNI {@code torchTo} under a
 * {@code NoGradGuard}, so its result has no gradient path back to the input. {@code cumprod(dim, dtype)} converts
 * its input to {@code dtype} first and is differentiable; along an axis of length 1 it is the identity, and its
 * backward for that case hands the gradient straight back, converted to the input's type.
 */
public final class DifferentiableCast {
    private DifferentiableCast() {}

    /** {@code x} as {@code type}, on the gradient path; {@code x} itself when it already has that type. */
    public static NDArray to(NDArray x, DataType type) {
        if (x.getDataType() == type) return x;
        return x.expandDims(-1).cumProd(-1, type).squeeze(-1);
    }
}
