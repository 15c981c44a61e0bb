package org.ktoworkbench.model.nn.hf;

import ai.djl.ndarray.NDArray;
import org.ktoworkbench.model.ndarray.DifferentiableCast;
import org.ktoworkbench.model.nn.Autocast;

/**
 * One linear layer of a decoder, under the module path transformers gives it in the CausalLM model (PEFT's names:
 * {@code model.layers.0.self_attn.q_proj}, {@code transformer.h.0.attn.c_attn}).
 *
 * @param fanInFanOut GPT-2's Conv1D: {@code weight} is stored [in, out] and applied as x·W + b; otherwise nn.Linear's
 *                    [out, in], x·Wᵀ + b
 * @param bias        may be null
 */
public record Projection(String module, NDArray weight, NDArray bias, boolean fanInFanOut) {

    /** The last part of the module path, the name PEFT's {@code target_modules} match. */
    public String target() {
        return module.substring(module.lastIndexOf('.') + 1);
    }

    public long inFeatures() {
        return weight.getShape().get(fanInFanOut ? 0 : 1);
    }

    public long outFeatures() {
        return weight.getShape().get(fanInFanOut ? 1 : 0);
    }

    NDArray apply(NDArray x, ProjectionAdapters adapters) {
        NDArray y;
        if (fanInFanOut) {
            y = Autocast.matMul(x, weight);
            if (bias != null) y = y.add(DifferentiableCast.to(bias, y.getDataType()));
        } else {
            y = Autocast.linear(x, weight, bias);
        }
        NDArray delta = adapters.delta(this, x);
        return delta == null ? y : y.add(delta);
    }
}
