package org.ktoworkbench.model.hf;

/**
 * GPTNeoXForCausalLM (Pythia): fused per-head query_key_value, rotary on the first
 * {@code rotaryDims()} dims of each head, optionally a parallel residual.
 */
public record GptNeoXConfig(int vocabSize, int contextLength, int hiddenSize, int layers, int heads,
                            int intermediateSize, Activation activation, double rotaryPct, double rotaryBase,
                            double layerNormEps, boolean parallelResidual, boolean tieWordEmbeddings,
                            boolean attentionBias, String sourceJson) implements HfConfig {
    public static final String ARCHITECTURE = "GPTNeoXForCausalLM";

    @Override
    public String architecture() {
        return ARCHITECTURE;
    }

    public int headDim() {
        return hiddenSize / heads;
    }

    /** As transformers: int(head_dim * rotary_pct). */
    public int rotaryDims() {
        return (int) (headDim() * rotaryPct);
    }
}
