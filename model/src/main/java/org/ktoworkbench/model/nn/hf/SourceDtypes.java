package org.ktoworkbench.model.nn.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ktoworkbench.model.hf.SafetensorsDtype;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dtypes a model's tensors had in the checkpoint it was loaded from, written beside a training checkpoint that
 * holds them as float32 (so it resumes exactly), so that the model the run finally saves has the source's dtypes.
 * Only tensors that were not float32 are listed; a folder without the file is an ordinary checkpoint.
 */
final class SourceDtypes {
    static final String FILE = "source_dtypes.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private SourceDtypes() {}

    static void write(Path dir, Map<String, SafetensorsDtype> dtypes) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        new TreeMap<>(dtypes).forEach((name, dtype) -> {
            if (dtype != SafetensorsDtype.F32) node.put(name, dtype.name());
        });
        Files.deleteIfExists(dir.resolve(FILE));
        if (!node.isEmpty()) Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(node));
    }

    static Map<String, SafetensorsDtype> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) return Map.of();
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage());
        }
        Map<String, SafetensorsDtype> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            SafetensorsDtype dtype = SafetensorsDtype.parse(e.getValue().asText());
            if (dtype == null) throw new IOException(file + ": field '" + e.getKey() + "': unknown dtype " + e.getValue());
            out.put(e.getKey(), dtype);
        }
        return out;
    }
}
