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

    private record Layer(LayerNormWeights ln1, Projection attn, Projection proj, LayerNormWeights ln2, Projection fc,
                         Projection out) {}

    Gpt2Decoder(Gpt2Config config, HfWeights weights, boolean lmHead) throws IOException {
        super(config, config.layers(), weights, lmHead);
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
            String module = "transformer.h." + i + "."; // GPT2LMHeadModel's path, also for a bare GPT2Model's files
            LayerNormWeights ln1 = new LayerNormWeights(weights, p + "ln_1.", d, eps);
            Projection attn = conv1d(module + "attn.c_attn", weights.take(p + "attn.c_attn.weight", d, 3L * d),
                    weights.take(p + "attn.c_attn.bias", 3L * d));
            Projection proj = conv1d(module + "attn.c_proj", weights.take(p + "attn.c_proj.weight", d, d),
                    weights.take(p + "attn.c_proj.bias", d));
            LayerNormWeights ln2 = new LayerNormWeights(weights, p + "ln_2.", d, eps);
            Projection fc = conv1d(module + "mlp.c_fc", weights.take(p + "mlp.c_fc.weight", d, inner),
                    weights.take(p + "mlp.c_fc.bias", inner));
            Projection out = conv1d(module + "mlp.c_proj", weights.take(p + "mlp.c_proj.weight", inner, d),
                    weights.take(p + "mlp.c_proj.bias", d));
            layers[i] = new Layer(ln1, attn, proj, ln2, fc, out);
        }
        finalNorm = new LayerNormWeights(weights, root + "ln_f.", d, eps);
        head = !lmHead ? null
                : config.tieWordEmbeddings() ? tokenEmbedding : weights.take("lm_head.weight", config.vocabSize(), d);
    }

    @Override
    Gpt2Decoder withWeights(HfWeights copy) throws IOException {
        return new Gpt2Decoder(config, copy, lmHead);
    }

    @Override
    BlockPass pass(NDArray ids, CausalMask mask, KvCache cache, ProjectionAdapters adapters) {
        int heads = config.heads();
        int headDim = config.hiddenSize() / heads;
        AttentionContext context = context(mask, config.scaleAttentionWeights() ? 1.0 / Math.sqrt(headDim) : 1.0);
        long batch = ids.getShape().get(0);
        long time = ids.getShape().get(1);
        return new Blocks() {
            @Override
            public NDArray embed() {
                return Embedding.embedding(ids, tokenEmbedding, SparseFormat.DENSE).singletonOrThrow()
                        .add(Embedding.embedding(mask.positions(), positionEmbedding, SparseFormat.DENSE).singletonOrThrow());
            }

            @Override
            public NDArray block(int i, NDArray x) {
                Layer layer = layers[i];
                NDArray qkv = layer.attn().apply(layer.ln1().forward(x), adapters)
                        .reshape(batch, time, 3, heads, headDim)
                        .transpose(2, 0, 3, 1, 4); // [3, B, H, T, hd]
                NDArray key = qkv.get(1);
                NDArray value = qkv.get(2);
                if (cache != null) {
                    NDList all = cache.append(i, key, value);
                    key = all.get(0);
                    value = all.get(1);
                }
                NDArray mixed = context.attend(qkv.get(0), key, value)
                        .transpose(0, 2, 1, 3)
                        .reshape(batch, time, config.hiddenSize());
                x = x.add(layer.proj().apply(mixed, adapters));
                NDArray hidden = Activations.apply(config.activation(),
                        layer.fc().apply(layer.ln2().forward(x), adapters));
                x = x.add(layer.out().apply(hidden, adapters));
                return x;
            }
        };
    }

    @Override
    NDArray finalNorm(NDArray x) {
        return finalNorm.forward(x);
    }

    @Override
    NDArray head() {
        return head;
    }

    /** transformers' Conv1D: x · W + b with W stored [in, out]. */
    private Projection conv1d(String module, NDArray weight, NDArray bias) {
        return projection(module, weight, bias, true);
    }
}
