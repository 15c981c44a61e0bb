package org.ktoworkbench.model.nn.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ktoworkbench.model.ndarray.DifferentiableCast;

/** Llama's RMSNorm: x / sqrt(mean(x²) + eps) over the last axis, variance in float32, then weight · x. */
final class RmsNorm {
    private final NDArray weight;
    private final float eps;

    RmsNorm(NDArray weight, double eps) {
        this.weight = weight;
        this.eps = (float) eps;
    }

    NDArray forward(NDArray x) {
        DataType type = x.getDataType();
        NDArray wide = type == DataType.FLOAT64 ? x : DifferentiableCast.to(x, DataType.FLOAT32);
        NDArray variance = wide.mul(wide).mean(new int[] {-1}, true);
        NDArray normed = wide.div(variance.add(x.getManager().full(new Shape(), eps, wide.getDataType())).sqrt());
        return DifferentiableCast.to(normed, type).mul(weight);
    }
}
