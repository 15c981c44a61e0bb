package org.ktoworkbench.model.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.ktoworkbench.model.nn.lora.LoraSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The run config file shared by the CLI and the GUI. Fields missing from a file take the defaults, so a file may hold
 * only what differs; an unknown field, a duplicate field, a wrong type or a value that cannot run is an error naming the
 * file and the field.
 */
public final class RunConfigJson {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION) // {"beta": 0.1, "beta": 5} is a mistake
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // "steps": 1.5 is a mistake, not 1 step
            .build();

    private RunConfigJson() {}

    /** Reads a config file and checks its values ({@link RunConfig#problems()}); every error names the file. */
    public static RunConfig read(Path file) throws IOException {
        return read(file, Map.of());
    }

    /**
     * A config file (null: none) with command-line flags over it, by JSON field name as {@link #withOverrides} takes
     * them, over the defaults that suit the model it names ({@link #fromJson}); errors in the file name it.
     */
    public static RunConfig read(Path file, Map<String, ?> overrides) {
        ObjectNode given = file == null ? MAPPER.createObjectNode() : readObject(file);
        overlay(given, changes(overrides));
        try {
            return overDefaults(given).requireValid();
        } catch (RunConfigException e) {
            throw new RunConfigException(file == null ? e.getMessage() : file + ": " + e.getMessage());
        }
    }

    private static ObjectNode readObject(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new RunConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new RunConfigException(file + ": cannot read the run config: " + e.getMessage());
        }
        try {
            return parseObject(text);
        } catch (RunConfigException e) {
            throw new RunConfigException(file + ": " + e.getMessage());
        }
    }

    public static void write(RunConfig config, Path file) throws IOException {
        Files.writeString(file, toJson(config) + "\n");
    }

    public static String toJson(RunConfig config) {
        try {
            return MAPPER.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("run config did not serialize", e);
        }
    }

    /**
     * Reads a config, filling missing fields from {@link RunConfig#defaults()}, or from
     * {@link RunConfig#pretrainedDefaults} when it names a model folder ({@code model.folder}).
     */
    public static RunConfig fromJson(String json) {
        return overDefaults(parseObject(json));
    }

    private static ObjectNode parseObject(String json) {
        try {
            JsonNode given = MAPPER.readTree(json);
            if (given == null || !given.isObject()) throw new RunConfigException("a run config must be a JSON object");
            return (ObjectNode) given;
        } catch (JsonProcessingException e) {
            throw new RunConfigException("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
    }

    private static RunConfig overDefaults(ObjectNode given) {
        JsonNode folder = given.path("model").path("folder");
        RunConfig defaults = folder.isTextual() && !folder.asText().isBlank()
                ? RunConfig.pretrainedDefaults(Path.of(folder.asText())) : RunConfig.defaults();
        if (folder.isTextual() && !folder.asText().isBlank()) {
            // stored absolute, as the defaults hold it
            ((ObjectNode) given.get("model")).put("folder", defaults.model().folder());
        }
        return merge(defaults, given);
    }

    /**
     * {@code base} with some fields replaced, by JSON field name; nested fields as dotted paths ({@code model.layers}).
     * Null values are ignored, so optional command-line flags can be passed as they are.
     */
    public static RunConfig withOverrides(RunConfig base, Map<String, ?> overrides) {
        return merge(base, changes(overrides));
    }

    private static ObjectNode changes(Map<String, ?> overrides) {
        ObjectNode changes = MAPPER.createObjectNode();
        overrides.forEach((path, value) -> {
            if (value == null) return;
            ObjectNode node = changes;
            String[] parts = path.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) node = node.with(parts[i]);
            node.set(parts[parts.length - 1], MAPPER.valueToTree(value));
        });
        return changes;
    }

    private static RunConfig merge(RunConfig base, ObjectNode changes) {
        try {
            ObjectNode merged = MAPPER.valueToTree(base);
            if (changes.get("lora") instanceof ObjectNode && !(merged.get("lora") instanceof ObjectNode)) {
                merged.set("lora", MAPPER.valueToTree(LoraSpec.defaults())); // fields a config leaves out are PEFT's
            }
            overlay(merged, changes);
            return MAPPER.treeToValue(merged, RunConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new RunConfigException("unknown field '" + path(e) + "'; known fields: "
                    + e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.joining(", ")));
        } catch (InvalidFormatException e) {
            throw new RunConfigException("field '" + path(e) + "': cannot read " + e.getValue() + " as "
                    + e.getTargetType().getSimpleName());
        } catch (MismatchedInputException e) {
            throw new RunConfigException("field '" + path(e) + "': wrong type, expected " + e.getTargetType().getSimpleName());
        } catch (JsonProcessingException e) {
            throw new RunConfigException("invalid run config: " + e.getOriginalMessage());
        }
    }

    private static void overlay(ObjectNode base, ObjectNode given) {
        for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode current = base.get(field.getKey());
            if (current instanceof ObjectNode currentObject && field.getValue() instanceof ObjectNode givenObject) {
                overlay(currentObject, givenObject);
            } else {
                base.set(field.getKey(), field.getValue());
            }
        }
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}
