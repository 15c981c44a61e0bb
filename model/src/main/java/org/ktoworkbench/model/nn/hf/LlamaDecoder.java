package org.ktoworkbench.model.nn.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import org.ktoworkbench.model.hf.Activation;
import org.ktoworkbench.model.hf.LlamaConfig;
import org.ktoworkbench.model.nn.AttentionContext;
import org.ktoworkbench.model.nn.BlockPass;
import org.ktoworkbench.model.nn.CausalMask;
import org.ktoworkbench.model.nn.KvCache;

import java.io.IOException;

/**
 * LlamaForCausalLM and the models that share its shape (Mistral, Qwen2, Qwen3), as transformers computes
 * them: x + attn(rms(x)), then x + mlp(rms(x)); grouped-query attention (KV head j serves query heads
 * j·r .. j·r + r − 1) with rotate-half RoPE, optional q/k/v biases and per-head q/k RMSNorm; a SwiGLU MLP
 * down(silu(gate(x)) · up(x)); an lm_head tied to the embedding or not.
 */
public final class LlamaDecoder extends HfDecoder {
    private final LlamaConfig config;
    private final Rope rope;
    private final NDArray embedding;
    private final Layer[] layers;
    private final RmsNorm finalNorm;
    private final NDArray head;

    private record Layer(RmsNorm inputNorm, Projection q, Projection k, Projection v, Projection o, RmsNorm qNorm,
                         RmsNorm kNorm, RmsNorm postNorm, Projection gate, Projection up, Projection down) {}

    LlamaDecoder(LlamaConfig config, HfWeights weights, boolean lmHead) throws IOException {
        super(config, config.layers(), weights, lmHead);
        this.config = config;
        this.rope = Rope.of(config.headDim(), config.ropeTheta(), config.ropeScaling());
        long d = config.hiddenSize();
        long qWidth = (long) config.heads() * config.headDim();
        long kvWidth = (long) config.kvHeads() * config.headDim();
        long inner = config.intermediateSize();
        double eps = config.rmsNormEps();
        embedding = weights.take("model.embed_tokens.weight", config.vocabSize(), d);
        layers = new Layer[config.layers()];
        for (int i = 0; i < layers.length; i++) {
            String p = "model.layers." + i + ".";
            String a = p + "self_attn.";
            boolean bias = config.attentionBias();
            RmsNorm inputNorm = new RmsNorm(weights.take(p + "input_layernorm.weight", d), eps);
            Projection q = linear(a + "q_proj", weights.take(a + "q_proj.weight", qWidth, d),
                    bias ? weights.take(a + "q_proj.bias", qWidth) : null);
            Projection k = linear(a + "k_proj", weights.take(a + "k_proj.weight", kvWidth, d),
                    bias ? weights.take(a + "k_proj.bias", kvWidth) : null);
            Projection v = linear(a + "v_proj", weights.take(a + "v_proj.weight", kvWidth, d),
                    bias ? weights.take(a + "v_proj.bias", kvWidth) : null);
            Projection o = linear(a + "o_proj", weights.take(a + "o_proj.weight", d, qWidth),
                    config.outputBias() ? weights.take(a + "o_proj.bias", d) : null);
            layers[i] = new Layer(inputNorm, q, k, v, o,
                    config.qkNorm() ? new RmsNorm(weights.take(a + "q_norm.weight", config.headDim()), eps) : null,
                    config.qkNorm() ? new RmsNorm(weights.take(a + "k_norm.weight", config.headDim()), eps) : null,
                    new RmsNorm(weights.take(p + "post_attention_layernorm.weight", d), eps),
                    linear(p + "mlp.gate_proj", weights.take(p + "mlp.gate_proj.weight", inner, d), null),
                    linear(p + "mlp.up_proj", weights.take(p + "mlp.up_proj.weight", inner, d), null),
                    linear(p + "mlp.down_proj", weights.take(p + "mlp.down_proj.weight", d, inner), null));
        }
        finalNorm = new RmsNorm(weights.take("model.norm.weight", d), eps);
        head = !lmHead ? null
                : config.tieWordEmbeddings() ? embedding : weights.take("lm_head.weight", config.vocabSize(), d);
    }

    private Projection linear(String module, NDArray weight, NDArray bias) {
        return projection(module, weight, bias, false);
    }

    @Override
    LlamaDecoder withWeights(HfWeights copy) throws IOException {
        return new LlamaDecoder(config, copy, lmHead);
    }

    @Override
    BlockPass pass(NDArray ids, CausalMask mask, KvCache cache, ProjectionAdapters adapters) {
        AttentionContext context = context(mask, 1.0 / Math.sqrt(config.headDim()));
        NDList angles = rope.angles(mask.positions(), TYPE);
        return new Blocks() {
            @Override
            public NDArray embed() {
                return Embedding.embedding(ids, embedding, SparseFormat.DENSE).singletonOrThrow();
            }

            @Override
            public NDArray block(int i, NDArray x) {
                Layer layer = layers[i];
                x = x.add(attention(layer, i, layer.inputNorm().forward(x), context, angles, cache, adapters));
                NDArray h = layer.postNorm().forward(x);
                NDArray gated = Activations.apply(Activation.SILU, layer.gate().apply(h, adapters))
                        .mul(layer.up().apply(h, adapters));
                x = x.add(layer.down().apply(gated, adapters));
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
        int kvHeads = config.kvHeads();
        int headDim = config.headDim();
        NDArray q = layer.q().apply(h, adapters).reshape(batch, time, heads, headDim);
        NDArray k = layer.k().apply(h, adapters).reshape(batch, time, kvHeads, headDim);
        NDArray v = layer.v().apply(h, adapters).reshape(batch, time, kvHeads, headDim).transpose(0, 2, 1, 3);
        if (layer.qNorm() != null) {
            q = layer.qNorm().forward(q);
            k = layer.kNorm().forward(k);
        }
        q = rope.apply(q.transpose(0, 2, 1, 3), angles);
        k = rope.apply(k.transpose(0, 2, 1, 3), angles);
        if (cache != null) {
            NDList all = cache.append(index, k, v);
            k = all.get(0);
            v = all.get(1);
        }
        NDArray mixed = context.attend(q, repeatKv(k), repeatKv(v)) // [B, H, T, hd]
                .transpose(0, 2, 1, 3)
                .reshape(batch, time, (long) heads * headDim);
        return layer.o().apply(mixed, adapters);
    }

    /** [B, kvH, T, hd] -> [B, H, T, hd], each KV head repeated for its r consecutive query heads. */
    private NDArray repeatKv(NDArray kv) {
        int r = config.heads() / config.kvHeads();
        if (r == 1) {
            return kv;
        }
        Shape s = kv.getShape();
        return kv.expandDims(2).broadcast(new Shape(s.get(0), s.get(1), r, s.get(2), s.get(3)))
                .reshape(s.get(0), s.get(1) * r, s.get(2), s.get(3));
    }
}
