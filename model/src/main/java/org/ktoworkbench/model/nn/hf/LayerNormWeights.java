package org.ktoworkbench.model.nn.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

import java.io.IOException;

/** A LayerNorm with gain and bias read as {@code prefix + "weight"} and {@code prefix + "bias"}. */
final class LayerNormWeights {
    private final Shape normalized;
    private final NDArray gain;
    private final NDArray bias;
    private final float eps;

    LayerNormWeights(HfWeights weights, String prefix, int width, double eps) throws IOException {
        this.normalized = new Shape(width);
        this.gain = weights.take(prefix + "weight", width);
        this.bias = weights.take(prefix + "bias", width);
        this.eps = (float) eps;
    }

    NDArray forward(NDArray x) {
        return LayerNorm.layerNorm(x, normalized, gain, bias, eps).singletonOrThrow();
    }
}
