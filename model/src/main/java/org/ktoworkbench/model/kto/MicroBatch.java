package org.ktoworkbench.model.kto;

/**
 * One micro-batch of training rows with its mismatched KL pairs: the KL pair of row {@code rows[k]}
 * is (its prompt, the completion of row {@code klCompletionRows[k]} = {@code rows[(k + 1) % size]}).
 *
 * @param position         where this batch sits in the epoch order
 * @param rows             training row ids, in the order the loss sees them
 * @param klCompletionRows for each row, the row whose completion its KL pair borrows
 */
public record MicroBatch(BatchPosition position, int[] rows, int[] klCompletionRows) {
    public int size() {
        return rows.length;
    }
}
