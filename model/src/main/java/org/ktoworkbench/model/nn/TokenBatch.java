package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Packed (prompt, completion) sequences, row-major [batchSize, length] and right-padded. Row b's
 * sequence is BOS + prompt + completion + EOS; {@code inputs} holds it without its last token,
 * {@code targets} without its first (the next token at each position), and {@code completionMask} is 1
 * where the target is a completion token (EOS included) and 0 for prompt targets and padding.
 *
 * @param tokenCount           real (non-padding) input tokens, for tokens/s
 * @param completionTokenCount positions counted in the log-probability sums
 * @param truncatedRows        rows that had to be cut to fit the context
 */
public record TokenBatch(int batchSize, int length, int[] inputs, int[] targets, float[] completionMask,
                         long tokenCount, long completionTokenCount, int truncatedRows) {

    public NDArray inputs(NDManager manager) {
        return manager.create(inputs, new Shape(batchSize, length));
    }

    public NDArray targets(NDManager manager) {
        return manager.create(targets, new Shape(batchSize, length));
    }

    public NDArray completionMask(NDManager manager) {
        return manager.create(completionMask, new Shape(batchSize, length));
    }
}
