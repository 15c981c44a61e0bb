package org.ktoworkbench.model.data;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders conversational rows as plain text for training. Template: each prompt message becomes
 * {@code <|role|>\ncontent\n}, and the prompt ends with {@code <|assistant|>\n}; the completion is
 * its messages' contents, the first assistant message without a header (the prompt opened it),
 * later messages as {@code \n<|role|>\ncontent}.
 */
public final class ChatTemplate {
    private ChatTemplate() {
    }

    public static String renderPrompt(JsonNode messages) {
        StringBuilder out = new StringBuilder();
        for (JsonNode m : messages) {
            out.append("<|").append(m.get("role").asText()).append("|>\n")
                    .append(m.get("content").asText()).append('\n');
        }
        return out.append("<|assistant|>\n").toString();
    }

    public static String renderCompletion(JsonNode messages) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            String role = m.get("role").asText();
            if (i > 0) {
                out.append('\n');
            }
            if (i > 0 || !role.equals("assistant")) {
                out.append("<|").append(role).append("|>\n");
            }
            out.append(m.get("content").asText());
        }
        return out.toString();
    }
}
