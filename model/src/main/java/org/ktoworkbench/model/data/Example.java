package org.ktoworkbench.model.data;

import java.util.Objects;

/**
 * One unpaired KTO training row as the trainer sees it.
 *
 * <p>{@code prompt} and {@code completion} are plain text; conversational rows arrive here already
 * rendered through {@link ChatTemplate}. {@code pairId} is shared by the two rows unpaired from one
 * preference pair (null for rows that came unpaired). {@code metadataJson} holds the source file's
 * other columns as a JSON object, in their original order.
 */
public record Example(String prompt, String completion, boolean desirable, String pairId, String metadataJson) {

    public Example {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(completion, "completion");
        metadataJson = metadataJson == null ? "{}" : metadataJson;
    }

    public Example(String prompt, String completion, boolean desirable, String pairId) {
        this(prompt, completion, desirable, pairId, "{}");
    }

    public Example(String prompt, String completion, boolean desirable) {
        this(prompt, completion, desirable, null, "{}");
    }
}
