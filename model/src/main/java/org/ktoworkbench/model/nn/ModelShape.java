package org.ktoworkbench.model.nn;


/**
 * What the memory of a run depends on, for any architecture: trainable scalars and the widths that size one forward
 * pass's activations.
 *
 * @param innerSize MLP hidden width (4·hidden for GPT-2 and the built-in GPT)
 * @param gatedMlp  a SwiGLU MLP (Llama family), which keeps three inner-width arrays per token instead of two
 */
public record ModelShape(long parameters, int layers, int hidden, int heads, int innerSize, boolean gatedMlp,
                         int vocabSize, int contextLength) {

    /** The built-in GPT of {@code config}; a count too large for a long saturates. */
    public static ModelShape of(GptConfig config) {
        long parameters;
        try {
            parameters = config.parameterCount();
        } catch (ArithmeticException overflow) {
            parameters = Long.MAX_VALUE;
        }
        return new ModelShape(parameters, config.layers(), config.dModel(), config.heads(), 4 * config.dModel(), false,
                config.vocabSize(), config.contextLength());
    }

    /** Floats one forward pass keeps per token on sequences of {@code tokens} (see {@link MemoryEstimate}). */
    public double activationFloatsPerToken(int tokens) {
        double mlp = (gatedMlp ? 3.0 : 2.0) * innerSize;
        return (double) layers * (12.0 * hidden + mlp + 3.0 * heads * tokens) + 2.0 * vocabSize + 4.0 * hidden + tokens;
    }
}
