package org.ktoworkbench.model.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns source records of one {@link DataFormat} into validated unpaired rows. Every field problem in
 * a record is reported; a record with any problem yields no rows. Labels: JSON {@code true/false}, the
 * integers {@code 0/1}, or text (a JSON string or a CSV cell, in any case, surrounding spaces ignored)
 * saying {@code true/false}, {@code 1/0} or {@code desirable/undesirable}: one rule for every file type.
 * An optional {@code pair_id} column sets the pair id; paired rows
 * without one get {@code pair-N} (N = record number).
 */
final class RowInterpreter {
    static final String PAIR_ID = "pair_id";
    private static final Set<String> UNPAIRED_FIELDS = Set.of("prompt", "completion", "label", PAIR_ID);
    private static final Set<String> PAIRED_FIELDS = Set.of("prompt", "chosen", "rejected", PAIR_ID);
    private static final String LABEL_HELP = "expected true/false, 1/0 or desirable/undesirable (any case)";

    private final String fileName;
    private final DataFormat format;
    private long records;

    RowInterpreter(String fileName, DataFormat format) {
        this.fileName = fileName;
        this.format = format;
    }

    List<DatasetRow> interpret(SourceRecord record, Consumer<DataError> errors) {
        records++;
        List<DataError> problems = new ArrayList<>();
        boolean messages = format == DataFormat.CONVERSATIONAL;
        Content prompt = content(record, "prompt", messages, problems);
        List<DatasetRow> rows = new ArrayList<>(2);
        if (format == DataFormat.PAIRED) {
            Content chosen = content(record, "chosen", false, problems);
            Content rejected = content(record, "rejected", false, problems);
            String pairId = pairId(record, problems);
            if (problems.isEmpty()) {
                String id = pairId != null ? pairId : "pair-" + records;
                ObjectNode metadata = metadata(record, PAIRED_FIELDS);
                rows.add(new DatasetRow(record.line(), prompt, chosen, true, id, metadata));
                rows.add(new DatasetRow(record.line(), prompt, rejected, false, id, metadata));
            }
        } else {
            Content completion = content(record, "completion", messages, problems);
            Boolean desirable = label(record, problems);
            String pairId = pairId(record, problems);
            if (problems.isEmpty()) {
                rows.add(new DatasetRow(record.line(), prompt, completion, desirable, pairId,
                        metadata(record, UNPAIRED_FIELDS)));
            }
        }
        problems.forEach(errors);
        return problems.isEmpty() ? rows : List.of();
    }

    private Content content(SourceRecord record, String field, boolean requireMessages, List<DataError> problems) {
        JsonNode node = record.fields().get(field);
        if (node == null) {
            problems.add(error(record, field, "missing"));
            return null;
        }
        if (node.isNull()) {
            problems.add(error(record, field, "is null"));
            return null;
        }
        if (node.isTextual() && record.textCells() && requireMessages) {
            try {
                node = Json.MAPPER.readTree(node.asText());
            } catch (JsonProcessingException e) {
                problems.add(error(record, field, "expected a JSON list of {role, content} messages in this cell"));
                return null;
            }
        }
        if (node.isTextual()) {
            if (requireMessages) {
                problems.add(error(record, field, "expected a list of {role, content} messages, got a string"));
                return null;
            }
            if (node.asText().isBlank()) {
                problems.add(error(record, field, "is empty"));
                return null;
            }
            return Content.plain(node.asText());
        }
        if (node instanceof ArrayNode list) {
            return messages(record, field, list, problems);
        }
        problems.add(error(record, field,
                "expected text or a list of {role, content} messages, got " + JsonTypes.describe(node)));
        return null;
    }

    private Content messages(SourceRecord record, String field, ArrayNode list, List<DataError> problems) {
        if (list.isEmpty()) {
            problems.add(error(record, field, "is an empty list of messages"));
            return null;
        }
        int before = problems.size();
        for (int i = 0; i < list.size(); i++) {
            JsonNode message = list.get(i);
            String where = "message " + (i + 1) + ": ";
            if (!message.isObject()) {
                problems.add(error(record, field, where + "expected an object {role, content}, got "
                        + JsonTypes.describe(message)));
                continue;
            }
            JsonNode role = message.get("role");
            JsonNode text = message.get("content");
            if (role == null || !role.isTextual() || role.asText().isBlank()) {
                problems.add(error(record, field, where + "role must be a non-empty string"));
            }
            if (text == null || !text.isTextual()) {
                problems.add(error(record, field, where + "content must be a string"));
            }
        }
        if (problems.size() > before) {
            return null;
        }
        String rendered = field.equals("prompt") ? ChatTemplate.renderPrompt(list) : ChatTemplate.renderCompletion(list);
        try {
            return new Content(rendered, Json.MAPPER.writeValueAsString(list));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a parsed message list", e);
        }
    }

    private Boolean label(SourceRecord record, List<DataError> problems) {
        JsonNode node = record.fields().get("label");
        if (node == null) {
            problems.add(error(record, "label", "missing"));
            return null;
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber() && (node.asLong() == 0 || node.asLong() == 1)) {
            return node.asLong() == 1;
        }
        if (node.isTextual()) {
            Boolean value = textLabel(node.asText());
            if (value != null) {
                return value;
            }
            problems.add(error(record, "label", "bad label \"" + UserText.clip(node.asText()) + "\": " + LABEL_HELP));
            return null;
        }
        problems.add(error(record, "label", "bad label " + (node.isValueNode() ? UserText.clip(node.toString()) + " " : "")
                + "(" + JsonTypes.describe(node) + "): " + LABEL_HELP));
        return null;
    }

    private static Boolean textLabel(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true", "1", "desirable" -> true;
            case "false", "0", "undesirable" -> false;
            default -> null;
        };
    }

    private String pairId(SourceRecord record, List<DataError> problems) {
        JsonNode node = record.fields().get(PAIR_ID);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isEmpty())) {
            return null;
        }
        if (node.isTextual() || node.isIntegralNumber()) {
            return node.asText();
        }
        problems.add(error(record, PAIR_ID, "expected a string or an integer, got " + JsonTypes.describe(node)));
        return null;
    }

    private static ObjectNode metadata(SourceRecord record, Set<String> known) {
        ObjectNode metadata = JsonNodeFactory.instance.objectNode();
        for (Map.Entry<String, JsonNode> field : record.fields().properties()) {
            if (!known.contains(field.getKey())) {
                metadata.set(field.getKey(), field.getValue());
            }
        }
        return metadata;
    }

    private DataError error(SourceRecord record, String field, String message) {
        return new DataError(fileName, record.line(), field, message);
    }
}
