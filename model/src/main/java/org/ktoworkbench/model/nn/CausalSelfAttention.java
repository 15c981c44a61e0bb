package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/** Multi-head causal self-attention with one fused query/key/value projection. */
final class CausalSelfAttention {
    private final int heads;
    private final int headDim;
    private final int layer;
    private final NDArray qkvWeight;
    private final NDArray qkvBias;
    private final NDArray projWeight;
    private final NDArray projBias;

    CausalSelfAttention(ParameterList params, String prefix, int layer, GptConfig config,
                        ParameterSource.Init weightInit, ParameterSource.Init residualInit) {
        int d = config.dModel();
        this.heads = config.heads();
        this.headDim = config.headDim();
        this.layer = layer;
        qkvWeight = params.add(prefix + "c_attn.weight", new Shape(3L * d, d), weightInit, true);
        qkvBias = params.add(prefix + "c_attn.bias", new Shape(3L * d), ParameterSource.ZEROS, false);
        projWeight = params.add(prefix + "c_proj.weight", new Shape(d, d), residualInit, true);
        projBias = params.add(prefix + "c_proj.bias", new Shape(d), ParameterSource.ZEROS, false);
    }

    /**
     * @param x       [B, T, d]
     * @param context attention mask and constants for this forward pass
     * @param cache   earlier keys/values, or null for a full-sequence pass
     */
    NDArray forward(NDArray x, AttentionContext context, KvCache cache) {
        Shape shape = x.getShape();
        long batch = shape.get(0);
        long time = shape.get(1);
        NDArray qkv = Autocast.linear(x, qkvWeight, qkvBias)
                .reshape(batch, time, 3, heads, headDim)
                .transpose(2, 0, 3, 1, 4); // [3, B, H, T, hd]
        NDArray query = qkv.get(0);
        NDArray key = qkv.get(1);
        NDArray value = qkv.get(2);
        if (cache != null) {
            NDList all = cache.append(layer, key, value);
            key = all.get(0);
            value = all.get(1);
        }
        NDArray mixed = context.attend(query, key, value)   // [B, H, T, hd]
                .transpose(0, 2, 1, 3)
                .reshape(batch, time, (long) heads * headDim);
        return Autocast.linear(mixed, projWeight, projBias);
    }
}
