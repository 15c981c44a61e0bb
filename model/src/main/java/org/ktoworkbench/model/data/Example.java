package org.ktoworkbench.model.data;

import java.util.Objects;

/**
 * One unpaired KTO training row as the trainer sees it.
 *
 * <p>{@code prompt} and {@code completion} are plain text; conversational rows arrive here already
 * rendered through {@link ChatTemplate}. {@code pairId} is shared by the two rows unpaired from one
 * preference pair (null for rows that came unpaired). {@code metadataJson} holds the source file's
 * other columns as a JSON object, in their original order. {@code promptMessages} and {@code completionMessages}
 * keep a conversational row's messages as the file gave them (a JSON list of {@code {role, content}}; null for
 * plain-text rows), so a Hugging Face model's own chat template can render them.
 */
public record Example(String prompt, String completion, boolean desirable, String pairId, String metadataJson,
                      String promptMessages, String completionMessages) {

    public Example {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(completion, "completion");
        metadataJson = metadataJson == null ? "{}" : metadataJson;
    }

    public Example(String prompt, String completion, boolean desirable, String pairId, String metadataJson) {
        this(prompt, completion, desirable, pairId, metadataJson, null, null);
    }

    /** Whether both sides came as messages (a chat template can render the row). */
    public boolean conversational() {
        return promptMessages != null && completionMessages != null;
    }

    public Example(String prompt, String completion, boolean desirable, String pairId) {
        this(prompt, completion, desirable, pairId, "{}");
    }

    public Example(String prompt, String completion, boolean desirable) {
        this(prompt, completion, desirable, null, "{}");
    }
}
