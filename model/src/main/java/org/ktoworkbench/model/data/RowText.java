package org.ktoworkbench.model.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import org.ktoworkbench.model.text.ChatMessage;
import org.ktoworkbench.model.text.KtoText;

import java.util.ArrayList;
import java.util.List;

/**
 * A stored or just-read row as a Hugging Face tokenization takes it: its messages where both sides have them (the
 * model's own chat template renders them), else its plain text.
 */
public final class RowText {
    private RowText() {}

    public static KtoText of(Example example) {
        return of(example.prompt(), example.promptMessages(), example.completion(), example.completionMessages());
    }

    public static KtoText of(DatasetRow row) {
        return of(row.prompt().text(), row.prompt().messagesJson(), row.completion().text(), row.completion().messagesJson());
    }

    private static KtoText of(String prompt, String promptMessages, String completion, String completionMessages) {
        if (promptMessages == null || completionMessages == null) return new KtoText.Plain(prompt, completion);
        return new KtoText.Conversational(messages(promptMessages), messages(completionMessages));
    }

    /** Messages of a JSON list the dataset reader wrote ({@code [{"role": ..., "content": ...}, ...]}). */
    public static List<ChatMessage> messages(String json) {
        try {
            List<ChatMessage> out = new ArrayList<>();
            for (JsonNode m : Json.MAPPER.readTree(json)) {
                out.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
            }
            return out;
        } catch (JsonProcessingException e) {
            // the reader wrote this JSON itself: anything else is a corrupt workspace
            throw new IllegalStateException("stored chat messages are not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
