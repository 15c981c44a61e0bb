package org.ktoworkbench.model.data;

/**
 * A prompt or completion as stored: the text used for training and search, plus, for
 * conversational rows, the original message list as compact JSON (null for plain text) so that
 * export writes it back unchanged.
 */
public record Content(String text, String messagesJson) {
    public static Content plain(String text) {
        return new Content(text, null);
    }

    /** Characters held (text and messages), to bound how much is buffered at once. */
    public long length() {
        return text.length() + (messagesJson == null ? 0 : messagesJson.length());
    }

    public boolean conversational() {
        return messagesJson != null;
    }
}
