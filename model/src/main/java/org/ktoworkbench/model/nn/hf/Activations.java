package org.ktoworkbench.model.nn.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ktoworkbench.model.hf.Activation;

/** The MLP activations, with constants as arrays (DJL's scalar ops are unsafe under autograd). */
final class Activations {
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

    private Activations() {}

    static NDArray apply(Activation activation, NDArray x) {
        return switch (activation) {
            case SILU -> x.mul(ai.djl.nn.Activation.sigmoid(x));
            case GELU -> ai.djl.nn.Activation.gelu(x);
            case GELU_TANH -> geluTanh(x);
        };
    }

    /** 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), transformers' NewGELUActivation. */
    private static NDArray geluTanh(NDArray x) {
        NDManager step = x.getManager();
        NDArray inner = x.add(x.mul(x).mul(x).mul(constant(step, x, 0.044715))).mul(constant(step, x, SQRT_2_OVER_PI));
        return x.mul(constant(step, x, 0.5)).mul(inner.tanh().add(constant(step, x, 1.0)));
    }

    private static NDArray constant(NDManager step, NDArray like, double value) {
        return step.full(new Shape(), (float) value, like.getDataType());
    }
}
