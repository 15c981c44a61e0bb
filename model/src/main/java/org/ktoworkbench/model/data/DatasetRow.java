package org.ktoworkbench.model.data;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated unpaired row in its storable form: {@code line} is where it starts in the source file,
 * {@code metadata} holds the other columns in file order.
 */
public record DatasetRow(long line, Content prompt, Content completion, boolean desirable, String pairId,
                         ObjectNode metadata) {
    /** Characters of prompt and completion, to bound how many rows are buffered at once (metadata not counted). */
    public long length() {
        return prompt.length() + completion.length();
    }
}
