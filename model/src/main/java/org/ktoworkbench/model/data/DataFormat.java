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
 *       {@code {role, content}} messages.</li>
 * </ul>
 * Unpaired and paired rows may also hold message lists; conversational insists on them.
 */
public enum DataFormat {
    UNPAIRED, PAIRED, CONVERSATIONAL;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Decides the shape from the first record's keys; null when it fits none. */
    public static DataFormat detect(JsonNode firstRecord) {
        if (firstRecord.has("chosen") || firstRecord.has("rejected")) {
            return PAIRED;
        }
        if (firstRecord.has("completion") || firstRecord.has("label")) {
            return firstRecord.path("prompt").isArray() ? CONVERSATIONAL : UNPAIRED;
        }
        return null;
    }

    public static DataFormat parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown format '" + UserText.clip(text) + "' (expected unpaired, paired or conversational)");
        }
    }
}
