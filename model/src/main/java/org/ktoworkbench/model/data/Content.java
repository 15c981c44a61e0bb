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

    public boolean conversational() {
        return messagesJson != null;
    }
}
