package org.ktoworkbench.model.hf;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;

/**
 * Typed reads of config.json fields with the architecture class's default where save_pretrained left a
 * field out (or wrote null); a field of the wrong type is an IOException naming the file and field.
 */
final class ConfigFields {
    private final JsonNode node;
    private final String source;

    ConfigFields(JsonNode node, String source) {
        this.node = node;
        this.source = source;
    }

    String source() {
        return source;
    }

    /** The field's node, or null when absent or null. */
    JsonNode get(String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value;
    }

    int positiveInt(String field, int defaultValue) throws IOException {
        JsonNode value = get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.canConvertToExactIntegral() || !value.canConvertToInt() || value.asInt() <= 0) {
            throw error(field, "must be a positive integer, got " + value);
        }
        return value.asInt();
    }

    double positiveNumber(String field, double defaultValue) throws IOException {
        JsonNode value = get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isNumber() || !(value.asDouble() > 0)) {
            throw error(field, "must be a positive number, got " + value);
        }
        return value.asDouble();
    }

    boolean bool(String field, boolean defaultValue) throws IOException {
        JsonNode value = get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw error(field, "must be true or false, got " + value);
        }
        return value.asBoolean();
    }

    String text(String field, String defaultValue) throws IOException {
        JsonNode value = get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isTextual()) {
            throw error(field, "must be a string, got " + value);
        }
        return value.asText();
    }

    IOException error(String field, String message) {
        return new IOException(source + ": field '" + field + "' " + message);
    }
}
