package org.ktoworkbench.model.nn.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import org.ktoworkbench.model.hf.Gpt2Config;
import org.ktoworkbench.model.nn.AttentionContext;
import org.ktoworkbench.model.nn.BlockPass;
import org.ktoworkbench.model.nn.CausalMask;
import org.ktoworkbench.model.nn.KvCache;

import java.io.IOException;

/**
 * GPT2LMHeadModel as transformers computes it: token + learned position embeddings, pre-LayerNorm blocks
 * x + attn(ln_1(x)), x + mlp(ln_2(x)), a final ln_f and the head (tied to wte unless configured not to).
 * Conv1D weights stay in their stored [in, out] layout (x·W + b) so parameters keep the checkpoint's
 * names and shapes; c_attn's output is [q | k | v].
 */
public final class Gpt2Decoder extends HfDecoder {
    private final Gpt2Config config;
    private final NDArray tokenEmbedding;
    private final NDArray positionEmbedding;
    private final Layer[] layers;
    private final LayerNormWeights finalNorm;
    private final NDArray head;

    private record Layer(LayerNormWeights ln1, NDArray attnWeight, NDArray attnBias, NDArray projWeight,
                         NDArray projBias, LayerNormWeights ln2, NDArray fcWeight, NDArray fcBias,
                         NDArray outWeight, NDArray outBias) {}

    Gpt2Decoder(Gpt2Config config, HfWeights weights) throws IOException {
        super(config, config.layers(), weights);
        this.config = config;
        // GPT2LMHeadModel saves "transformer.wte.weight"; a bare GPT2Model (the original gpt2 files) "wte.weight"
        String root = weights.has("wte.weight") ? "" : "transformer.";
        int d = config.hiddenSize();
        int inner = config.innerSize();
        double eps = config.layerNormEps();
        tokenEmbedding = weights.take(root + "wte.weight", config.vocabSize(), d);
        positionEmbedding = weights.take(root + "wpe.weight", false, config.contextLength(), d);
        layers = new Layer[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = root + "h." + i + ".";
            layers[i] = new Layer(new LayerNormWeights(weights, p + "ln_1.", d, eps),
                    weights.take(p + "attn.c_attn.weight", d, 3L * d), weights.take(p + "attn.c_attn.bias", 3L * d),
                    weights.take(p + "attn.c_proj.weight", d, d), weights.take(p + "attn.c_proj.bias", d),
                    new LayerNormWeights(weights, p + "ln_2.", d, eps),
                    weights.take(p + "mlp.c_fc.weight", d, inner), weights.take(p + "mlp.c_fc.bias", inner),
                    weights.take(p + "mlp.c_proj.weight", inner, d), weights.take(p + "mlp.c_proj.bias", d));
        }
        finalNorm = new LayerNormWeights(weights, root + "ln_f.", d, eps);
        head = config.tieWordEmbeddings() ? tokenEmbedding : weights.take("lm_head.weight", config.vocabSize(), d);
        weights.requireAllUsed();
    }

    @Override
    Gpt2Decoder withWeights(HfWeights copy) throws IOException {
        return new Gpt2Decoder(config, copy);
    }

    @Override
    BlockPass pass(NDArray ids, CausalMask mask, KvCache cache) {
        int heads = config.heads();
        int headDim = config.hiddenSize() / heads;
        AttentionContext context = context(mask, config.scaleAttentionWeights() ? 1.0 / Math.sqrt(headDim) : 1.0);
        long batch = ids.getShape().get(0);
        long time = ids.getShape().get(1);
        return new BlockPass() {
            @Override
            public NDArray embed() {
                return Embedding.embedding(ids, tokenEmbedding, SparseFormat.DENSE).singletonOrThrow()
                        .add(Embedding.embedding(mask.positions(), positionEmbedding, SparseFormat.DENSE).singletonOrThrow());
            }

            @Override
            public int blockCount() {
                return layers.length;
            }

            @Override
            public NDArray block(int index, NDArray x) {
                Layer layer = layers[index];
                NDArray qkv = conv1d(layer.ln1().forward(x), layer.attnWeight(), layer.attnBias())
                        .reshape(batch, time, 3, heads, headDim)
                        .transpose(2, 0, 3, 1, 4); // [3, B, H, T, hd]
                NDArray key = qkv.get(1);
                NDArray value = qkv.get(2);
                if (cache != null) {
                    NDList all = cache.append(index, key, value);
                    key = all.get(0);
                    value = all.get(1);
                }
                NDArray mixed = context.attend(qkv.get(0), key, value)
                        .transpose(0, 2, 1, 3)
                        .reshape(batch, time, config.hiddenSize());
                NDArray afterAttention = x.add(conv1d(mixed, layer.projWeight(), layer.projBias()));
                NDArray hidden = Activations.apply(config.activation(),
                        conv1d(layer.ln2().forward(afterAttention), layer.fcWeight(), layer.fcBias()));
                return afterAttention.add(conv1d(hidden, layer.outWeight(), layer.outBias()));
            }

            @Override
            public NDArray head(NDArray x) {
                return linear(finalNorm.forward(x), head, null);
            }
        };
    }

    /** transformers' Conv1D: x · W + b with W stored [in, out]. */
    private static NDArray conv1d(NDArray x, NDArray weight, NDArray bias) {
        return x.matMul(weight).add(bias);
    }
}
