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
    private static final Set<String> HH_FIELDS = Set.of("chosen", "rejected", PAIR_ID);
    private static final String LABEL_HELP = "expected true/false, 1/0 or desirable/undesirable (any case)";

    private final String fileName;
    private final DataFormat format;
    private long records;
    private long promptsFromMessages;

    RowInterpreter(String fileName, DataFormat format) {
        this.fileName = fileName;
        this.format = format;
    }

    /** Pairs so far whose prompt came from the messages chosen and rejected share. */
    long promptsFromMessages() {
        return promptsFromMessages;
    }

    List<DatasetRow> interpret(SourceRecord record, Consumer<DataError> errors) {
        records++;
        List<DataError> problems = new ArrayList<>();
        List<DatasetRow> rows = switch (format) {
            case PAIRED -> paired(record, problems);
            case HH, HH_CONVERSATIONAL -> hh(record, problems);
            case UNPAIRED, CONVERSATIONAL -> unpaired(record, problems);
        };
        problems.forEach(errors);
        return problems.isEmpty() ? rows : List.of();
    }

    private List<DatasetRow> unpaired(SourceRecord record, List<DataError> problems) {
        boolean messages = format == DataFormat.CONVERSATIONAL;
        Content prompt = content(record, "prompt", messages, problems);
        Content completion = content(record, "completion", messages, problems);
        Boolean desirable = label(record, problems);
        String pairId = pairId(record, problems);
        if (!problems.isEmpty()) {
            return List.of();
        }
        return List.of(new DatasetRow(record.line(), prompt, completion, desirable, pairId,
                metadata(record, UNPAIRED_FIELDS)));
    }

    private List<DatasetRow> paired(SourceRecord record, List<DataError> problems) {
        if (record.fields().get("chosen") instanceof ArrayNode && record.fields().get("rejected") instanceof ArrayNode
                && !(record.fields().get("prompt") instanceof ArrayNode)) {
            return implicitPrompt(record, problems);
        }
        Content prompt = content(record, "prompt", false, problems);
        Content chosen = content(record, "chosen", false, problems);
        Content rejected = content(record, "rejected", false, problems);
        return pair(record, prompt, chosen, prompt, rejected, PAIRED_FIELDS, problems);
    }

    private List<DatasetRow> pair(SourceRecord record, Content chosenPrompt, Content chosen, Content rejectedPrompt,
                                  Content rejected, Set<String> known, List<DataError> problems) {
        String pairId = pairId(record, problems);
        if (!problems.isEmpty()) {
            return List.of();
        }
        String id = pairId != null ? pairId : "pair-" + records;
        ObjectNode metadata = metadata(record, known);
        return List.of(new DatasetRow(record.line(), chosenPrompt, chosen, true, id, metadata),
                new DatasetRow(record.line(), rejectedPrompt, rejected, false, id, metadata));
    }

    /**
     * Conversational pairs whose prompt lives in the message lists (trl-lib/ultrafeedback_binarized:
     * no prompt; HuggingFaceH4/ultrafeedback_binarized: a prompt string the lists repeat): the prompt is
     * the messages chosen and rejected share from the start, each completion the rest.
     */
    private List<DatasetRow> implicitPrompt(SourceRecord record, List<DataError> problems) {
        ArrayNode chosen = (ArrayNode) record.fields().get("chosen");
        ArrayNode rejected = (ArrayNode) record.fields().get("rejected");
        boolean valid = checkMessages(record, "chosen", chosen, problems);
        valid &= checkMessages(record, "rejected", rejected, problems);
        JsonNode promptText = record.fields().get("prompt");
        if (promptText != null && !promptText.isNull() && !promptText.isTextual()) {
            problems.add(error(record, "prompt", "expected text or a list of {role, content} messages, got "
                    + JsonTypes.describe(promptText)));
        }
        if (!valid) {
            return List.of();
        }
        int shared = 0;
        while (shared < chosen.size() && shared < rejected.size() && chosen.get(shared).equals(rejected.get(shared))) {
            shared++;
        }
        if (shared == 0) {
            problems.add(error(record, "rejected", "shares no leading message with chosen, so there is no prompt"
                    + " (give a prompt field, or start both lists with the prompt's messages)"));
        }
        for (var side : List.of(Map.entry("chosen", chosen), Map.entry("rejected", rejected))) {
            if (side.getValue().size() == shared) {
                problems.add(error(record, side.getKey(), "has no message after the " + shared
                        + " it shares with the other side, so there is no completion"));
            }
        }
        if (!problems.isEmpty()) {
            return List.of();
        }
        ArrayNode promptMessages = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < shared; i++) {
            promptMessages.add(chosen.get(i));
        }
        if (promptText != null && promptText.isTextual() && !isUserMessage(promptText.asText(), promptMessages)) {
            problems.add(error(record, "prompt", "is none of the user messages that chosen and rejected share;"
                    + " the lists must repeat the prompt"));
            return List.of();
        }
        Content prompt = rendered(promptMessages, true);
        List<DatasetRow> rows = pair(record, prompt, rendered(tail(chosen, shared), false), prompt,
                rendered(tail(rejected, shared), false), PAIRED_FIELDS, problems);
        promptsFromMessages += rows.isEmpty() ? 0 : 1;
        return rows;
    }

    private static boolean isUserMessage(String text, ArrayNode messages) {
        for (JsonNode m : messages) {
            if (m.get("role").asText().equals("user") && m.get("content").asText().strip().equals(text.strip())) {
                return true;
            }
        }
        return false;
    }

    private static ArrayNode tail(ArrayNode list, int from) {
        ArrayNode rest = JsonNodeFactory.instance.arrayNode();
        for (int i = from; i < list.size(); i++) {
            rest.add(list.get(i));
        }
        return rest;
    }

    /** HH-RLHF rows: {@code chosen}/{@code rejected} transcripts, as plain text or as conversations. */
    private List<DatasetRow> hh(SourceRecord record, List<DataError> problems) {
        HhTranscript chosen = transcript(record, "chosen", problems);
        HhTranscript rejected = transcript(record, "rejected", problems);
        if (chosen == null || rejected == null) {
            pairId(record, problems);
            return List.of();
        }
        if (!chosen.prompt().equals(rejected.prompt())) {
            problems.add(error(record, "rejected", "differs from chosen before the last \"Assistant:\" turn;"
                    + " the two transcripts must share their prompt"));
        }
        if (format == DataFormat.HH) {
            Content prompt = Content.plain(chosen.prompt());
            return pair(record, prompt, Content.plain(chosen.answer()), prompt, Content.plain(rejected.answer()),
                    HH_FIELDS, problems);
        }
        ArrayNode promptMessages = chosen.promptMessages();
        if (promptMessages == null) {
            problems.add(error(record, "chosen", "text before the first \"Human:\" turn; expected a transcript"
                    + " of \"\\n\\nHuman: ...\" and \"\\n\\nAssistant: ...\" turns"));
            return List.of();
        }
        Content prompt = rendered(promptMessages, true);
        return pair(record, prompt, rendered(chosen.answerMessages(), false), prompt,
                rendered(rejected.answerMessages(), false), HH_FIELDS, problems);
    }

    private HhTranscript transcript(SourceRecord record, String field, List<DataError> problems) {
        Content text = content(record, field, false, problems);
        if (text == null) {
            return null;
        }
        if (text.conversational()) {
            problems.add(error(record, field, "expected an HH-RLHF transcript string, got a list of messages"));
            return null;
        }
        HhTranscript transcript = HhTranscript.parse(text.text());
        if (transcript == null) {
            problems.add(error(record, field, "no \"\\n\\nAssistant:\" turn; expected an HH-RLHF transcript"));
            return null;
        }
        if (transcript.answer().isBlank()) {
            problems.add(error(record, field, "nothing after the last \"Assistant:\" turn"));
            return null;
        }
        return transcript;
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
        return checkMessages(record, field, list, problems) ? rendered(list, field.equals("prompt")) : null;
    }

    /** Reports every malformed message of the list; true when there is none. */
    private boolean checkMessages(SourceRecord record, String field, ArrayNode list, List<DataError> problems) {
        if (list.isEmpty()) {
            problems.add(error(record, field, "is an empty list of messages"));
            return false;
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
        return problems.size() == before;
    }

    /** A checked message list as stored: rendered by {@link ChatTemplate}, the list kept as JSON. */
    private static Content rendered(ArrayNode list, boolean prompt) {
        String text = prompt ? ChatTemplate.renderPrompt(list) : ChatTemplate.renderCompletion(list);
        try {
            return new Content(text, Json.MAPPER.writeValueAsString(list));
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
        return new DataError(fileName, record.line(), field, message, record.row());
    }
}
