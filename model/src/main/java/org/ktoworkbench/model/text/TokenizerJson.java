package org.ktoworkbench.model.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/** Reads a tokenizer's JSON file, failing with one line that names the file. */
final class TokenizerJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TokenizerJson() {}

    static JsonNode readObject(Path file) {
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new TokenizerFileException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TokenizerFileException(file + ": cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new TokenizerFileException(file + ": expected a JSON object");
        return root;
    }
}
