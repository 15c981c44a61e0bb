package org.ktoworkbench.model.bench;

import org.ktoworkbench.model.nn.GptConfig;

/**
 * Matrix-product FLOPs of the built-in GPT, a multiply-add counted as 2. Elementwise work (GELU, softmax,
 * LayerNorm, the loss) and the optimizer are left out: they are a few percent at the bench shape and not what a
 * matrix-product peak measures. For B rows of T tokens (N = B·T), width d, L layers, vocabulary V:
 *
 * <pre>
 *   forward   = L · (24·N·d²  +  4·B·T²·d)  +  2·N·d·V
 *               24·N·d² : q/k/v projection 2·N·d·3d, attention output 2·N·d·d, MLP 2·N·d·4d + 2·N·4d·d
 *               4·B·T²·d: scores Q·Kᵀ 2·B·T²·d and weights·V 2·B·T²·d over all heads; the full T×T square,
 *                         since the causal mask hides scores but the product still computes them
 *               2·N·d·V : output projection (tied to the token embedding)
 *   backward  = 2 · forward (gradients of both operands of every product)
 *   KTO step  = policy forward + backward (3×) + policy KL forward + 2 reference forwards = 6 · forward
 * </pre>
 *
 * At 4 layers, d 256, T 128, B 16, V 256 that is 14.2 GFLOP forward and 85.3 GFLOP a step: DESIGN.md's eager
 * PyTorch step of 1.35 s is 63 GFLOP/s by this count.
 */
public final class FlopCount {
    /** Forward passes' worth of work in one KTO step (see the class comment). */
    public static final int FORWARDS_PER_KTO_STEP = 6;

    private FlopCount() {}

    /** Matrix-product FLOPs of one forward pass over {@code batch} rows of {@code tokens} tokens. */
    public static double forward(GptConfig config, long batch, long tokens) {
        double n = (double) batch * tokens;
        double d = config.dModel();
        double perLayer = 24 * n * d * d + 4 * (double) batch * tokens * tokens * d;
        return config.layers() * perLayer + 2 * n * d * config.vocabSize();
    }

    /** Matrix-product FLOPs of one KTO step on a micro-batch of {@code shape}. */
    public static double ktoStep(BenchShape shape) {
        return FORWARDS_PER_KTO_STEP * forward(shape.gptConfig(), shape.batch(), shape.seqLen());
    }
}
