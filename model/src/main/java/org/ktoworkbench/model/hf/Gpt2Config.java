package org.ktoworkbench.model.hf;

/** GPT2LMHeadModel: learned positions, pre-LayerNorm blocks, Conv1D weights stored [in, out]. */
public record Gpt2Config(int vocabSize, int contextLength, int hiddenSize, int layers, int heads,
                         int innerSize, Activation activation, double layerNormEps, boolean tieWordEmbeddings,
                         boolean scaleAttentionWeights, String sourceJson) implements HfConfig {
    public static final String ARCHITECTURE = "GPT2LMHeadModel";

    @Override
    public String architecture() {
        return ARCHITECTURE;
    }
}
