package org.ktoworkbench.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tensors of a checkpoint folder: {@code model.safetensors}, or the shards named by
 * {@code model.safetensors.index.json}'s {@code weight_map}. Headers are read and checked up front; data
 * is read per tensor when asked for, with its shape checked against what the architecture needs.
 */
public final class CheckpointWeights {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private final Path dir;
    private final Map<String, SafetensorsTensor> tensors;
    private final Set<String> used = new TreeSet<>();

    private CheckpointWeights(Path dir, Map<String, SafetensorsTensor> tensors) {
        this.dir = dir;
        this.tensors = tensors;
    }

    public static CheckpointWeights open(Path dir) throws IOException {
        Path index = dir.resolve(INDEX_FILE);
        if (Files.exists(index)) {
            return new CheckpointWeights(dir, readSharded(dir, index));
        }
        Path single = dir.resolve(SINGLE_FILE);
        if (!Files.exists(single)) {
            throw new IOException(dir + ": no " + SINGLE_FILE + " or " + INDEX_FILE + " (weights file not found)");
        }
        return new CheckpointWeights(dir, SafetensorsFile.readHeader(single));
    }

    private static Map<String, SafetensorsTensor> readSharded(Path dir, Path index) throws IOException {
        JsonNode map;
        try {
            map = new ObjectMapper().readTree(index.toFile()).get("weight_map");
        } catch (IOException e) {
            throw new IOException(index + ": not valid JSON");
        }
        if (map == null || !map.isObject() || map.isEmpty()) {
            throw new IOException(index + ": field 'weight_map' must be an object of tensor name -> shard file");
        }
        Map<String, Map<String, SafetensorsTensor>> shards = new LinkedHashMap<>();
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String shardName = entry.getValue().asText();
            if (shardName.isEmpty() || shardName.contains("/") || shardName.contains("\\")) {
                throw new IOException(index + ": weight_map: tensor '" + entry.getKey() + "' names shard '"
                        + shardName + "', expected a file name in the same folder");
            }
            Map<String, SafetensorsTensor> shard = shards.get(shardName);
            if (shard == null) {
                shard = SafetensorsFile.readHeader(dir.resolve(shardName));
                shards.put(shardName, shard);
            }
            SafetensorsTensor tensor = shard.get(entry.getKey());
            if (tensor == null) {
                throw new IOException(dir.resolve(shardName) + ": tensor '" + entry.getKey()
                        + "' is missing (listed in " + INDEX_FILE + ")");
            }
            tensors.put(entry.getKey(), tensor);
        }
        return tensors;
    }

    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    public Set<String> names() {
        return tensors.keySet();
    }

    /** Every tensor's place and shape, from the headers only. */
    public Collection<SafetensorsTensor> tensors() {
        return Collections.unmodifiableCollection(tensors.values());
    }

    /** The tensor {@code name}, checked to have {@code shape}; marks it used. */
    public SafetensorsTensor require(String name, long... shape) throws IOException {
        SafetensorsTensor tensor = tensors.get(name);
        if (tensor == null) {
            throw new IOException(dir + ": tensor '" + name + "' is missing from the weights");
        }
        if (!Arrays.equals(tensor.shape(), shape)) {
            throw new IOException(tensor.file() + ": tensor '" + name + "' has shape " + tensor.shapeText()
                    + ", config.json needs " + Arrays.toString(shape));
        }
        used.add(name);
        return tensor;
    }

    public Path dir() {
        return dir;
    }

    /** Names present in the files that no architecture code asked for. */
    public Set<String> unused() {
        Set<String> rest = new TreeSet<>(tensors.keySet());
        rest.removeAll(used);
        return rest;
    }
}
