package org.ktoworkbench.model.nn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Shape of the built-in GPT: vocabulary, context length (maximum tokens per sequence), number of
 * blocks, model width and attention heads. Written as {@code config.json} next to the weights.
 */
public record GptConfig(int vocabSize, int contextLength, int layers, int dModel, int heads) {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] FIELDS = {"vocabSize", "contextLength", "layers", "dModel", "heads"};

    public GptConfig {
        requirePositive("vocabSize", vocabSize);
        requirePositive("contextLength", contextLength);
        requirePositive("layers", layers);
        requirePositive("dModel", dModel);
        requirePositive("heads", heads);
        if (dModel % heads != 0) {
            throw new IllegalArgumentException(
                    "dModel (" + dModel + ") must be divisible by heads (" + heads + ")");
        }
    }

    private static void requirePositive(String field, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(field + " must be positive, got " + value);
        }
    }

    public int headDim() {
        return dModel / heads;
    }

    /**
     * Trainable scalars; the output projection is tied to the token embedding and not counted twice.
     *
     * @throws ArithmeticException for a shape whose count does not fit in a long
     */
    public long parameterCount() {
        long d = dModel;
        long embeddings = Math.addExact((long) vocabSize * d, (long) contextLength * d);
        long layerNorm = 2 * d;
        long attention = Math.multiplyExact(4 * d, d) + 4 * d; // fused q/k/v (3d·d + 3d), projection (d·d + d)
        long mlp = Math.multiplyExact(8 * d, d) + 5 * d;       // d → 4d (4d·d + 4d), 4d → d (4d·d + d)
        long block = Math.addExact(Math.addExact(2 * layerNorm, attention), mlp);
        return Math.addExact(Math.addExact(embeddings, Math.multiplyExact(layers, block)), layerNorm);
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("architecture", "gpt");
        node.put("vocabSize", vocabSize);
        node.put("contextLength", contextLength);
        node.put("layers", layers);
        node.put("dModel", dModel);
        node.put("heads", heads);
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson());
    }

    /** Reads a config; problems are reported with the file name and the offending field. */
    public static GptConfig read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": model config not found");
        }
        return fromJson(text, file.toString());
    }

    public static GptConfig fromJson(String json, String source) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IOException(source + ": line " + e.getLocation().getLineNr() + ": not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IOException(source + ": expected a JSON object with fields " + String.join(", ", FIELDS));
        }
        JsonNode arch = node.get("architecture");
        if (arch != null && !"gpt".equals(arch.asText())) {
            throw new IOException(source + ": field 'architecture' is '" + arch.asText() + "', expected 'gpt'");
        }
        int[] values = new int[FIELDS.length];
        for (int i = 0; i < FIELDS.length; i++) {
            JsonNode value = node.get(FIELDS[i]);
            if (value == null || !value.canConvertToExactIntegral() || !value.canConvertToInt()) {
                throw new IOException(source + ": field '" + FIELDS[i] + "' must be an integer, got "
                        + (value == null ? "nothing" : value.toString()));
            }
            values[i] = value.intValue();
        }
        try {
            return new GptConfig(values[0], values[1], values[2], values[3], values[4]);
        } catch (IllegalArgumentException e) {
            throw new IOException(source + ": " + e.getMessage());
        }
    }
}
