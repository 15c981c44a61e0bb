package org.ktoworkbench.model.hf;

import java.io.IOException;

/** The MLP activations of the supported architectures, by their transformers names. */
public enum Activation {
    /** x·σ(x) (Llama family). */
    SILU,
    /** Exact, erf-based GELU (Pythia's "gelu"). */
    GELU,
    /** The tanh approximation of GELU (GPT-2's "gelu_new", also "gelu_pytorch_tanh"). */
    GELU_TANH;

    static Activation parse(ConfigFields fields, String field, String defaultName, Activation... allowed)
            throws IOException {
        String name = fields.text(field, defaultName);
        Activation parsed = switch (name) {
            case "silu", "swish" -> SILU;
            case "gelu" -> GELU;
            case "gelu_new", "gelu_pytorch_tanh" -> GELU_TANH;
            default -> null;
        };
        for (Activation a : allowed) {
            if (a == parsed) {
                return a;
            }
        }
        throw fields.error(field, "is '" + name + "': not supported for this architecture");
    }
}
