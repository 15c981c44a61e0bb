package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * One forward pass of a decoder cut at its transformer blocks: the embeddings, each block, then the final norm and
 * the output head. {@link #run()} is the plain forward pass; gradient checkpointing runs the blocks one at a time
 * itself ({@link CheckpointedPass}). The pass holds what every block shares (the attention mask, rotary angles) in the
 * token array's manager.
 */
public interface BlockPass {

    /** [B, T, d]: the hidden state before the first block. */
    NDArray embed();

    int blockCount();

    /** Block {@code index} over the hidden state {@code hidden} [B, T, d]; its results start from {@code hidden}. */
    NDArray block(int index, NDArray hidden);

    /** [B, T, V]: the logits of the last block's hidden state. */
    NDArray head(NDArray hidden);

    /** Whether the embeddings take a gradient (not under a LoRA adapter, whose base is frozen). */
    default boolean embeddingsTrain() {
        return true;
    }

    /** The embeddings, then every block in order: the last block's output [B, T, d], before the head. */
    default NDArray blocksOutput() {
        NDArray x = embed();
        for (int i = 0; i < blockCount(); i++) {
            x = block(i, x);
        }
        return x;
    }

    /** The whole pass: embeddings, every block in order, the head. */
    default NDArray run() {
        return head(blocksOutput());
    }
}
