package org.ktoworkbench.model.bench;

/**
 * Matrix-product FLOPs of a decoder, a multiply-add counted as 2. Elementwise work (activations, softmax, norms,
 * RoPE, the loss) and the optimizer are left out: they are a few percent at the bench shapes and not what a
 * matrix-product peak measures. For B rows of T tokens (N = B·T), width d, L layers, H query heads and K key/value
 * heads of width h, MLP width m, vocabulary V:
 *
 * <pre>
 *   forward   = L · (attention projections + 4·B·T²·H·h + MLP)  +  2·N·d·V
 *               projections: q 2·N·d·Hh, k and v 2·N·d·Kh each, output 2·N·Hh·d
 *               4·B·T²·H·h : scores Q·Kᵀ and weights·V over all H heads (grouped keys are repeated per query
 *                            head); the full T×T square, since the causal mask hides scores but the product
 *                            still computes them
 *               MLP        : 2·N·d·m per matrix, two matrices (up, down) or three when gated (gate, up, down)
 *               2·N·d·V    : output projection; the same whether tied to the token embedding or not (the
 *                            embedding lookup is a gather, its gradient a scatter: no product)
 *   backward  = 2 · forward (gradients of both operands of every product)
 *   KTO step  = policy forward + backward (3×) + policy KL forward + 2 reference forwards = 6 · forward
 * </pre>
 *
 * The built-in GPT (H = K, h = d / H, m = 4d, two MLP matrices) gives L · (24·N·d² + 4·B·T²·d) + 2·N·d·V. At
 * 4 layers, d 256, T 128, B 16, V 256 that is 14.2 GFLOP forward and 85.3 GFLOP a step: DESIGN.md's eager PyTorch
 * step of 1.35 s is 63 GFLOP/s by this count.
 */
public final class FlopCount {
    /** Forward passes' worth of work in one KTO step (see the class comment). */
    public static final int FORWARDS_PER_KTO_STEP = 6;

    private FlopCount() {}

    /** Matrix-product FLOPs of one forward pass over {@code batch} rows of {@code tokens} tokens. */
    public static double forward(DecoderDims dims, long batch, long tokens) {
        double n = (double) batch * tokens;
        double d = dims.hidden();
        double queryWidth = (double) dims.heads() * dims.headDim();
        double kvWidth = (double) dims.kvHeads() * dims.headDim();
        double projections = 2 * n * d * queryWidth + 2 * (2 * n * d * kvWidth) + 2 * n * queryWidth * d;
        double attention = 4 * (double) batch * tokens * tokens * queryWidth;
        double mlp = (dims.gatedMlp() ? 3 : 2) * 2 * n * d * dims.innerSize();
        return dims.layers() * (projections + attention + mlp) + 2 * n * d * dims.vocab();
    }

    /** Matrix-product FLOPs of one KTO step on a micro-batch of {@code batch} rows of {@code tokens} tokens. */
    public static double ktoStep(DecoderDims dims, long batch, long tokens) {
        return FORWARDS_PER_KTO_STEP * forward(dims, batch, tokens);
    }

    /** Matrix-product FLOPs of one KTO step of the built-in GPT on a micro-batch of {@code shape}. */
    public static double ktoStep(BenchShape shape) {
        return ktoStep(DecoderDims.of(shape.gptConfig()), shape.batch(), shape.seqLen());
    }
}
