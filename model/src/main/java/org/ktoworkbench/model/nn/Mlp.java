package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/** The position-wise feed-forward layer: d → 4d, GELU, 4d → d. */
final class Mlp {
    private final NDArray fcWeight;
    private final NDArray fcBias;
    private final NDArray projWeight;
    private final NDArray projBias;

    Mlp(ParameterList params, String prefix, GptConfig config,
        ParameterSource.Init weightInit, ParameterSource.Init residualInit) {
        int d = config.dModel();
        fcWeight = params.add(prefix + "c_fc.weight", new Shape(4L * d, d), weightInit, true);
        fcBias = params.add(prefix + "c_fc.bias", new Shape(4L * d), ParameterSource.ZEROS, false);
        projWeight = params.add(prefix + "c_proj.weight", new Shape(d, 4L * d), residualInit, true);
        projBias = params.add(prefix + "c_proj.bias", new Shape(d), ParameterSource.ZEROS, false);
    }

    NDArray forward(NDArray x) {
        NDArray hidden = Activation.gelu(Autocast.linear(x, fcWeight, fcBias));
        return Autocast.linear(hidden, projWeight, projBias);
    }
}
