package org.ktoworkbench.app.run;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Finds values in a run's config or summary JSON by field name, at any depth, ignoring case and
 * underscores ({@code learning_rate} matches {@code learningRate}); the first of several candidate
 * names that is present wins. Tables show what a run recorded without depending on one layout.
 */
public final class JsonFields {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode root;

    private JsonFields(JsonNode root) {
        this.root = root;
    }

    /** Unparseable or null JSON gives an empty view rather than an error: a table row must still show. */
    public static JsonFields parse(String json) {
        if (json == null || json.isBlank()) {
            return new JsonFields(null);
        }
        try {
            return new JsonFields(JSON.readTree(json));
        } catch (Exception e) {
            return new JsonFields(null);
        }
    }

    public Double number(List<String> names) {
        JsonNode node = find(names);
        return node != null && node.isNumber() ? node.doubleValue() : null;
    }

    public String text(List<String> names) {
        JsonNode node = find(names);
        return node != null && node.isValueNode() ? node.asText() : null;
    }

    private JsonNode find(List<String> names) {
        for (String name : names) {
            JsonNode found = find(root, normal(name));
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static JsonNode find(JsonNode node, String normalName) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (normal(field.getKey()).equals(normalName)) {
                return field.getValue();
            }
        }
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
            JsonNode found = find(it.next(), normalName);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String normal(String name) {
        return name.replace("_", "").toLowerCase(Locale.ROOT);
    }
}
