package org.ktoworkbench.model.ndarray;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Constant arrays for use on gradient paths.
 *
 * <p>Why not {@code NDArray.mul(Number)}: on DJL's CPU PyTorch engine that makes a short-lived tensor
 * over Java memory which autograd keeps; after a GC the backward pass reads freed memory. Arrays made
 * here belong to the given manager (which keeps them reachable until it closes), carry the exact
 * double value (unlike {@code NDManager.full}, which takes a float) and have the requested type.
 * Keep the manager open until {@code backward()} has run.
 */
public final class ConstantArrays {
    private ConstantArrays() {}

    /** A 0-d array holding {@code value}, of type {@code type}, in {@code manager}. */
    public static NDArray scalar(NDManager manager, double value, DataType type) {
        return ofType(manager.create(value), type);
    }

    /** A 1-d array holding {@code values}, of type {@code type}, in {@code manager}. */
    public static NDArray vector(NDManager manager, double[] values, DataType type) {
        return ofType(manager.create(values, new Shape(values.length)), type);
    }

    private static NDArray ofType(NDArray float64, DataType type) {
        if (type == DataType.FLOAT64) {
            return float64;
        }
        NDArray converted = float64.toType(type, false);
        float64.close();
        return converted;
    }
}
