package org.ktoworkbench.model.hf;

/**
 * The Llama family (LlamaForCausalLM, MistralForCausalLM, Qwen2ForCausalLM, Qwen3ForCausalLM): RMSNorm,
 * rotate-half RoPE, grouped-query attention and a SwiGLU MLP.
 *
 * @param kvHeads       key/value heads; each serves heads / kvHeads consecutive query heads
 * @param headDim       per-head width (Qwen3: not hiddenSize / heads)
 * @param ropeScaling   Llama 3 frequency scaling, or null
 * @param attentionBias biases on q, k and v (Qwen2; Llama's attention_bias also puts one on o)
 * @param outputBias    a bias on o_proj (Llama with attention_bias)
 * @param qkNorm        RMSNorm over each head of q and k before RoPE (Qwen3)
 */
public record LlamaConfig(String architecture, int vocabSize, int hiddenSize, int intermediateSize, int layers,
                          int heads, int kvHeads, int headDim, int contextLength, double rmsNormEps,
                          double ropeTheta, Llama3RopeScaling ropeScaling, boolean tieWordEmbeddings,
                          boolean attentionBias, boolean outputBias, boolean qkNorm, String sourceJson)
        implements HfConfig {

    /** rope_scaling {rope_type: llama3}: long wavelengths slowed by factor, a smooth band between. */
    public record Llama3RopeScaling(double factor, double lowFreqFactor, double highFreqFactor,
                                    int originalMaxPositions) {}
}
