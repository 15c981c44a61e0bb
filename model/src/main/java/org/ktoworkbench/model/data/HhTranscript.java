package org.ktoworkbench.model.data;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * An Anthropic HH-RLHF transcript ({@code \n\nHuman: ... \n\nAssistant: ...}). The prompt is the
 * transcript up to and including its last {@code \n\nAssistant:}, the answer the rest. Each
 * transcript is split on its own marker (TRL's common character prefix of chosen and rejected would
 * also swallow a first word both answers share).
 */
final class HhTranscript {
    static final String HUMAN = "\n\nHuman:";
    static final String ASSISTANT = "\n\nAssistant:";

    private final String prompt;
    private final String answer;

    private HhTranscript(String prompt, String answer) {
        this.prompt = prompt;
        this.answer = answer;
    }

    /** Null when the transcript has no assistant turn. */
    static HhTranscript parse(String transcript) {
        int at = transcript.lastIndexOf(ASSISTANT);
        if (at < 0) {
            return null;
        }
        int end = at + ASSISTANT.length();
        return new HhTranscript(transcript.substring(0, end), transcript.substring(end));
    }

    /** The transcript through its last {@code \n\nAssistant:}. */
    String prompt() {
        return prompt;
    }

    /** What follows the last {@code \n\nAssistant:}, as written (usually with a leading space). */
    String answer() {
        return answer;
    }

    /**
     * The prompt's turns as {@code {role, content}} messages (Human: user, Assistant: assistant, content
     * stripped), without the final empty assistant turn; null when text precedes the first turn.
     */
    ArrayNode promptMessages() {
        ArrayNode messages = JsonNodeFactory.instance.arrayNode();
        int at = nextMarker(prompt, 0);
        if (at < 0 || !prompt.substring(0, at).isBlank()) {
            return null;
        }
        while (at < prompt.length()) {
            boolean human = prompt.startsWith(HUMAN, at);
            int start = at + (human ? HUMAN.length() : ASSISTANT.length());
            int next = nextMarker(prompt, start);
            int end = next < 0 ? prompt.length() : next;
            if (end < prompt.length() || human) {
                messages.addObject().put("role", human ? "user" : "assistant")
                        .put("content", prompt.substring(start, end).strip());
            }
            at = end;
        }
        return messages;
    }

    /** The answer as a one-message assistant list. */
    ArrayNode answerMessages() {
        ArrayNode messages = JsonNodeFactory.instance.arrayNode();
        messages.addObject().put("role", "assistant").put("content", answer.strip());
        return messages;
    }

    private static int nextMarker(String text, int from) {
        int human = text.indexOf(HUMAN, from);
        int assistant = text.indexOf(ASSISTANT, from);
        if (human < 0) return assistant;
        if (assistant < 0) return human;
        return Math.min(human, assistant);
    }
}
