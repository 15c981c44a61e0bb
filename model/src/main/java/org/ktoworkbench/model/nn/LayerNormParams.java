package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

/** A LayerNorm over the model width with learned gain (init 1) and bias (init 0). */
final class LayerNormParams {
    private static final float EPS = 1e-5f;
    private final Shape normalized;
    private final NDArray gain;
    private final NDArray bias;

    LayerNormParams(ParameterList params, String prefix, int width) {
        normalized = new Shape(width);
        gain = params.add(prefix + "weight", normalized, ParameterSource.ONES, false);
        bias = params.add(prefix + "bias", normalized, ParameterSource.ZEROS, false);
    }

    NDArray forward(NDArray x) {
        return LayerNorm.layerNorm(x, normalized, gain, bias, EPS).singletonOrThrow();
    }
}
