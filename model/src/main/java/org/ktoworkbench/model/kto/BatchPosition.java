package org.ktoworkbench.model.kto;

import org.ktoworkbench.model.data.UserText;

/**
 * Where a {@link KtoBatcher.Cursor} stands: the next micro-batch is number {@code index} (0-based)
 * of epoch {@code epoch} (0-based). A plain record, so a run can store it with its checkpoint
 * (Jackson writes records) and resume at exactly the same micro-batch.
 */
public record BatchPosition(int epoch, int index) {
    public BatchPosition {
        if (epoch < 0 || index < 0) {
            throw new IllegalArgumentException("batch position must be non-negative, got epoch " + epoch
                    + ", index " + index);
        }
    }

    public static BatchPosition start() {
        return new BatchPosition(0, 0);
    }

    /** "epoch:index", the form {@link #parse} reads. */
    @Override
    public String toString() {
        return epoch + ":" + index;
    }

    public static BatchPosition parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split(":");
        try {
            if (parts.length == 2) {
                return new BatchPosition(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("batch position must look like EPOCH:INDEX, got '" + UserText.clip(text) + "'");
    }
}
