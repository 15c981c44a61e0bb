package org.ktoworkbench.model.bench;

import org.ktoworkbench.model.hf.Gpt2Config;
import org.ktoworkbench.model.hf.GptNeoXConfig;
import org.ktoworkbench.model.hf.HfConfig;
import org.ktoworkbench.model.hf.LlamaConfig;
import org.ktoworkbench.model.nn.GptConfig;

/**
 * The widths that size a decoder's matrix products, for any architecture the workbench runs.
 *
 * @param kvHeads   key/value heads (fewer than {@code heads} under grouped-query attention)
 * @param headDim   per-head width; query width is heads·headDim, key and value width kvHeads·headDim (Qwen3's
 *                  head_dim is not hidden / heads)
 * @param innerSize MLP hidden width
 * @param gatedMlp  a SwiGLU MLP (gate, up and down: three matrices) rather than two
 * @param tiedHead  the output projection is the token embedding (changes the parameter count, not the FLOPs)
 */
public record DecoderDims(int layers, int hidden, int heads, int kvHeads, int headDim, int innerSize,
                          boolean gatedMlp, int vocab, boolean tiedHead) {

    /** The built-in GPT: GPT-2's block, 4·d MLP, tied head. */
    public static DecoderDims of(GptConfig c) {
        return new DecoderDims(c.layers(), c.dModel(), c.heads(), c.heads(), c.headDim(), 4 * c.dModel(), false,
                c.vocabSize(), true);
    }

    public static DecoderDims of(HfConfig config) {
        if (config instanceof LlamaConfig c) {
            return new DecoderDims(c.layers(), c.hiddenSize(), c.heads(), c.kvHeads(), c.headDim(), c.intermediateSize(),
                    true, c.vocabSize(), c.tieWordEmbeddings());
        }
        if (config instanceof Gpt2Config c) {
            return new DecoderDims(c.layers(), c.hiddenSize(), c.heads(), c.heads(), c.hiddenSize() / c.heads(),
                    c.innerSize(), false, c.vocabSize(), c.tieWordEmbeddings());
        }
        GptNeoXConfig c = (GptNeoXConfig) config;
        return new DecoderDims(c.layers(), c.hiddenSize(), c.heads(), c.heads(), c.headDim(), c.intermediateSize(),
                false, c.vocabSize(), c.tieWordEmbeddings());
    }

    @Override
    public String toString() {
        String attention = kvHeads == heads ? heads + " heads" : heads + " heads (" + kvHeads + " kv)";
        return layers + " layers, hidden " + hidden + ", " + attention + ", head_dim " + headDim + ", "
                + (gatedMlp ? "gated MLP " : "MLP ") + innerSize + ", vocab " + vocab + ", "
                + (tiedHead ? "tied" : "untied") + " head";
    }
}
