package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;

/** A pre-LayerNorm transformer block: x + attn(ln1(x)), then x + mlp(ln2(x)). */
final class Block {
    private final LayerNormParams ln1;
    private final CausalSelfAttention attention;
    private final LayerNormParams ln2;
    private final Mlp mlp;

    Block(ParameterList params, int layer, GptConfig config,
          ParameterSource.Init weightInit, ParameterSource.Init residualInit) {
        String prefix = "h." + layer + ".";
        ln1 = new LayerNormParams(params, prefix + "ln_1.", config.dModel());
        attention = new CausalSelfAttention(params, prefix + "attn.", layer, config, weightInit, residualInit);
        ln2 = new LayerNormParams(params, prefix + "ln_2.", config.dModel());
        mlp = new Mlp(params, prefix + "mlp.", config, weightInit, residualInit);
    }

    NDArray forward(NDArray x, AttentionContext context, KvCache cache) {
        NDArray afterAttention = x.add(attention.forward(ln1.forward(x), context, cache));
        return afterAttention.add(mlp.forward(ln2.forward(afterAttention)));
    }
}
