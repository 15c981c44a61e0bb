package org.ktoworkbench.model.text;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code tokenizer_config.json} says about special tokens and chat templates. Tokens may be written as plain
 * strings or as AddedToken objects ({@code {"content": "<s>", ...}}); {@code chat_template} as one string or as a list
 * of {@code {"name": ..., "template": ...}} (the one named "default" is the default, as in transformers).
 *
 * @param addBosToken / addEosToken null when the file does not say
 */
public record HfTokenizerConfig(
        String tokenizerClass,
        String bosToken,
        String eosToken,
        String padToken,
        String unkToken,
        Boolean addBosToken,
        Boolean addEosToken,
        Map<String, String> chatTemplates) {

    public static final String FILE_NAME = "tokenizer_config.json";
    private static final String DEFAULT_TEMPLATE = "default";

    public HfTokenizerConfig {
        chatTemplates = Map.copyOf(chatTemplates);
    }

    /** An absent file reads as an empty config (a tokenizer.json alone is a valid tokenizer). */
    public static HfTokenizerConfig read(Path file) {
        if (!Files.exists(file)) {
            return new HfTokenizerConfig(null, null, null, null, null, null, null, Map.of());
        }
        JsonNode root = TokenizerJson.readObject(file);
        return new HfTokenizerConfig(
                text(root, "tokenizer_class", file),
                token(root, "bos_token", file),
                token(root, "eos_token", file),
                token(root, "pad_token", file),
                token(root, "unk_token", file),
                bool(root, "add_bos_token", file),
                bool(root, "add_eos_token", file),
                templates(root.get("chat_template"), file));
    }

    /** The default chat template, if the file has one. */
    public Optional<String> chatTemplate() {
        if (chatTemplates.containsKey(DEFAULT_TEMPLATE)) return Optional.of(chatTemplates.get(DEFAULT_TEMPLATE));
        return chatTemplates.size() == 1 ? chatTemplates.values().stream().findFirst() : Optional.empty();
    }

    private static String text(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isTextual()) throw new TokenizerFileException(file + ": field " + field + " must be a string");
        return node.asText();
    }

    private static String token(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) return node.asText();
        if (node.isObject() && node.path("content").isTextual()) return node.get("content").asText();
        throw new TokenizerFileException(file + ": field " + field + " must be a string or an object with a \"content\" string");
    }

    private static Boolean bool(JsonNode root, String field, Path file) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) return null;
        if (!node.isBoolean()) throw new TokenizerFileException(file + ": field " + field + " must be true or false");
        return node.asBoolean();
    }

    private static Map<String, String> templates(JsonNode node, Path file) {
        Map<String, String> templates = new LinkedHashMap<>();
        if (node == null || node.isNull()) return templates;
        if (node.isTextual()) {
            templates.put(DEFAULT_TEMPLATE, node.asText());
            return templates;
        }
        if (!node.isArray()) {
            throw new TokenizerFileException(file + ": field chat_template must be a string or a list of {name, template}");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode entry = node.get(i);
            if (!entry.path("name").isTextual() || !entry.path("template").isTextual()) {
                throw new TokenizerFileException(file + ": chat_template[" + i + "] needs string fields name and template");
            }
            templates.put(entry.get("name").asText(), entry.get("template").asText());
        }
        return templates;
    }
}
