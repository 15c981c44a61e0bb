package org.ktoworkbench.model.data;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * The row shape of a dataset.
 * <ul>
 *   <li>{@code UNPAIRED}: TRL KTOTrainer rows {@code prompt, completion, label};</li>
 *   <li>{@code PAIRED}: preference rows {@code prompt, chosen, rejected}, unpaired on import into a
 *       desirable and an undesirable row sharing a pair id;</li>
 *   <li>{@code CONVERSATIONAL}: unpaired rows whose {@code prompt} and {@code completion} are lists of
 *       {@code {role, content}} messages;</li>
 *   <li>{@code HH}: Anthropic HH-RLHF rows, {@code chosen} and {@code rejected} transcripts of
 *       {@code \n\nHuman: ...} and {@code \n\nAssistant: ...} turns with no prompt field, unpaired as
 *       paired rows are: prompt = the transcript through its last {@code \n\nAssistant:};</li>
 *   <li>{@code HH_CONVERSATIONAL}: the same rows as message lists (Human: user, Assistant: assistant).</li>
 * </ul>
 * Unpaired and paired rows may also hold message lists; conversational insists on them.
 */
public enum DataFormat {
    UNPAIRED, PAIRED, CONVERSATIONAL, HH, HH_CONVERSATIONAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Decides the shape from the first record's keys; null when it fits none. Chosen/rejected without a
     * prompt whose chosen is an HH-RLHF transcript reads as {@link #HH}; the conversational HH form is only
     * chosen explicitly.
     */
    public static DataFormat detect(JsonNode firstRecord) {
        if (firstRecord.has("chosen") || firstRecord.has("rejected")) {
            boolean transcript = firstRecord.path("chosen").asText("").contains(HhTranscript.ASSISTANT);
            return !firstRecord.has("prompt") && transcript ? HH : PAIRED;
        }
        if (firstRecord.has("completion") || firstRecord.has("label")) {
            return firstRecord.path("prompt").isArray() ? CONVERSATIONAL : UNPAIRED;
        }
        return null;
    }

    public static DataFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown format '" + UserText.clip(text) + "' (expected unpaired, paired, conversational, hh or hh-conversational)");
        }
    }
}
