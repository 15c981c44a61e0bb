package org.ktoworkbench.model.nn.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import org.ktoworkbench.model.hf.GptNeoXConfig;
import org.ktoworkbench.model.nn.AttentionContext;
import org.ktoworkbench.model.nn.BlockPass;
import org.ktoworkbench.model.nn.CausalMask;
import org.ktoworkbench.model.nn.KvCache;

import java.io.IOException;

/**
 * GPTNeoXForCausalLM (Pythia) as transformers computes it: query_key_value's output is per head
 * [q_h | k_h | v_h] (heads interleaved, not [q | k | v]); rotate-half RoPE on the first rotaryDims of each
 * head only; with the parallel residual x + attn(ln_in(x)) + mlp(ln_post(x)), else the sequential form;
 * an untied embed_out unless tied.
 */
public final class GptNeoXDecoder extends HfDecoder {
    private final GptNeoXConfig config;
    private final Rope rope;
    private final NDArray embedding;
    private final Layer[] layers;
    private final LayerNormWeights finalNorm;
    private final NDArray head;

    private record Layer(LayerNormWeights inputNorm, LayerNormWeights postNorm, Projection qkv, Projection dense,
                         Projection up, Projection down) {}

    GptNeoXDecoder(GptNeoXConfig config, HfWeights weights, boolean lmHead) throws IOException {
        super(config, config.layers(), weights, lmHead);
        this.config = config;
        this.rope = Rope.of(config.rotaryDims(), config.rotaryBase(), null);
        int d = config.hiddenSize();
        int inner = config.intermediateSize();
        double eps = config.layerNormEps();
        boolean bias = config.attentionBias();
        embedding = weights.take("gpt_neox.embed_in.weight", config.vocabSize(), d);
        layers = new Layer[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "gpt_neox.layers." + i + ".";
            LayerNormWeights inputNorm = new LayerNormWeights(weights, p + "input_layernorm.", d, eps);
            LayerNormWeights postNorm = new LayerNormWeights(weights, p + "post_attention_layernorm.", d, eps);
            Projection qkv = linear(p + "attention.query_key_value",
                    weights.take(p + "attention.query_key_value.weight", 3L * d, d),
                    bias ? weights.take(p + "attention.query_key_value.bias", 3L * d) : null);
            Projection dense = linear(p + "attention.dense", weights.take(p + "attention.dense.weight", d, d),
                    bias ? weights.take(p + "attention.dense.bias", d) : null);
            Projection up = linear(p + "mlp.dense_h_to_4h", weights.take(p + "mlp.dense_h_to_4h.weight", inner, d),
                    weights.take(p + "mlp.dense_h_to_4h.bias", inner));
            Projection down = linear(p + "mlp.dense_4h_to_h", weights.take(p + "mlp.dense_4h_to_h.weight", d, inner),
                    weights.take(p + "mlp.dense_4h_to_h.bias", d));
            layers[i] = new Layer(inputNorm, postNorm, qkv, dense, up, down);
        }
        finalNorm = new LayerNormWeights(weights, "gpt_neox.final_layer_norm.", d, eps);
        head = !lmHead ? null
                : config.tieWordEmbeddings() ? embedding : weights.take("embed_out.weight", config.vocabSize(), d);
    }

    private Projection linear(String module, NDArray weight, NDArray bias) {
        return projection(module, weight, bias, false);
    }

    @Override
    GptNeoXDecoder withWeights(HfWeights copy) throws IOException {
        return new GptNeoXDecoder(config, copy, lmHead);
    }

    @Override
    BlockPass pass(NDArray ids, CausalMask mask, KvCache cache, ProjectionAdapters adapters) {
        AttentionContext context = context(mask, 1.0 / Math.sqrt(config.headDim()));
        NDList angles = config.rotaryDims() > 0 ? rope.angles(mask.positions(), TYPE) : null;
        return new Blocks() {
            @Override
            public NDArray embed() {
                return Embedding.embedding(ids, embedding, SparseFormat.DENSE).singletonOrThrow();
            }

            @Override
            public NDArray block(int i, NDArray x) {
                Layer layer = layers[i];
                NDArray attention = attention(layer, i, layer.inputNorm().forward(x), context, angles, cache, adapters);
                if (config.parallelResidual()) {
                    x = x.add(attention).add(mlp(layer, layer.postNorm().forward(x), adapters));
                } else {
                    x = x.add(attention);
                    x = x.add(mlp(layer, layer.postNorm().forward(x), adapters));
                }
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

    private NDArray attention(Layer layer, int index, NDArray h, AttentionContext context, NDList angles,
                              KvCache cache, ProjectionAdapters adapters) {
        long batch = h.getShape().get(0);
        long time = h.getShape().get(1);
        int heads = config.heads();
        int headDim = config.headDim();
        NDArray qkv = layer.qkv().apply(h, adapters)
                .reshape(batch, time, heads, 3L * headDim)
                .transpose(0, 2, 1, 3); // [B, H, T, 3·hd]: q_h, k_h, v_h side by side
        NDArray query = qkv.get(":, :, :, :" + headDim);
        NDArray key = qkv.get(":, :, :, " + headDim + ":" + 2 * headDim);
        NDArray value = qkv.get(":, :, :, " + 2 * headDim + ":");
        if (angles != null) {
            query = rope.apply(query, angles);
            key = rope.apply(key, angles);
        }
        if (cache != null) {
            NDList all = cache.append(index, key, value);
            key = all.get(0);
            value = all.get(1);
        }
        NDArray mixed = context.attend(query, key, value)
                .transpose(0, 2, 1, 3)
                .reshape(batch, time, config.hiddenSize());
        return layer.dense().apply(mixed, adapters);
    }

    private NDArray mlp(Layer layer, NDArray h, ProjectionAdapters adapters) {
        NDArray hidden = Activations.apply(config.activation(), layer.up().apply(h, adapters));
        return layer.down().apply(hidden, adapters);
    }
}
