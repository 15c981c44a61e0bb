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
        return layers * blockFloatsPerToken(tokens) + outsideBlocksFloatsPerToken(tokens);
    }

    /**
     * As {@link #activationFloatsPerToken} with gradient checkpointing: every block's input (hidden floats each), one
     * block's activations (the block recomputed in backward) and what lies outside the blocks.
     */
    public double checkpointedActivationFloatsPerToken(int tokens) {
        return (double) layers * hidden + blockFloatsPerToken(tokens) + outsideBlocksFloatsPerToken(tokens);
    }

    /** One block: norms, q/k/v, attention scores and probabilities (heads·T each), the MLP's inner-width arrays. */
    private double blockFloatsPerToken(int tokens) {
        double mlp = (gatedMlp ? 3.0 : 2.0) * innerSize;
        return 12.0 * hidden + mlp + 3.0 * heads * tokens;
    }

    /** The embeddings, the final norm, the logits and their log-softmax. */
    private double outsideBlocksFloatsPerToken(int tokens) {
        return 2.0 * vocabSize + 4.0 * hidden + tokens;
    }
}
