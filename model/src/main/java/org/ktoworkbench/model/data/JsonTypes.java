package org.ktoworkbench.model.data;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/** Words for JSON values and parse failures in error messages. */
final class JsonTypes {
    private JsonTypes() {
    }

    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }

    /** Jackson's message without its source excerpt, with the column where it helps. */
    static String messageOf(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        int newline = message.indexOf('\n');
        if (newline >= 0) {
            message = message.substring(0, newline);
        }
        JsonLocation location = e.getLocation();
        if (location != null && location.getColumnNr() > 0) {
            message += " (column " + location.getColumnNr() + ")";
        }
        return message;
    }
}
