package org.ktoworkbench.model.bench;

import org.ktoworkbench.model.nn.GptConfig;

/**
 * Model and batch of a benchmark: a GPT of {@code layers} blocks, width {@code dModel}, {@code heads} heads,
 * context {@code seqLen} and vocabulary {@code vocab}, trained on micro-batches of {@code batch} rows of exactly
 * {@code seqLen} tokens.
 */
public record BenchShape(int layers, int dModel, int heads, int seqLen, int batch, int vocab) {

    public BenchShape {
        requireRows(seqLen, batch);
        gptConfigOf(layers, dModel, heads, seqLen, vocab); // validates the model fields with GptConfig's messages
    }

    /** Rows of {@code seqLen} tokens in micro-batches of {@code batch} that a KTO step can train on, on any model. */
    public static void requireRows(int seqLen, int batch) {
        if (seqLen < 3) {
            throw new IllegalArgumentException("seq-len must be at least 3 (BOS, a prompt token, a completion token), got "
                    + seqLen);
        }
        if (batch < 2) {
            throw new IllegalArgumentException("batch must be at least 2 (KTO's KL pairs borrow another row), got " + batch);
        }
    }

    /** The shape and DESIGN.md's eager-PyTorch reference: 4 layers, d 256, 4 heads, T 128, B 16, vocab 256. */
    public static BenchShape reference() {
        return new BenchShape(4, 256, 4, 128, 16, 256);
    }

    public GptConfig gptConfig() {
        return gptConfigOf(layers, dModel, heads, seqLen, vocab);
    }

    /** Model input tokens of one micro-batch: every row is exactly {@code seqLen} tokens, no padding. */
    public long tokensPerStep() {
        return (long) batch * seqLen;
    }

    private static GptConfig gptConfigOf(int layers, int dModel, int heads, int seqLen, int vocab) {
        return new GptConfig(vocab, seqLen, layers, dModel, heads);
    }

    @Override
    public String toString() {
        return layers + " layers, d_model " + dModel + ", " + heads + " heads, seq-len " + seqLen + ", batch " + batch
                + ", vocab " + vocab;
    }
}
