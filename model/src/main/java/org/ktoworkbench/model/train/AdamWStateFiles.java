package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.ktoworkbench.model.nn.NamedParameter;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW's saved state: {@code optimizer.json} (format, step count, hyperparameters, parameter names)
 * and {@code optimizer.safetensors} (moments named {@code exp_avg/<param>} and {@code exp_avg_sq/<param>},
 * torch's names for them).
 */
final class AdamWStateFiles {
    static final String HEADER_FILE = "optimizer.json";
    static final String MOMENTS_FILE = "optimizer.safetensors";
    static final String FORMAT = "kto-workbench-adamw/1";
    private static final String FIRST = "exp_avg/";
    private static final String SECOND = "exp_avg_sq/";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    record Header(String format, long step, AdamWConfig config, List<String> parameters) {
        Header(long step, AdamWConfig config, List<String> parameters) {
            this(FORMAT, step, config, parameters);
        }
    }

    private AdamWStateFiles() {}

    static void write(Path directory, Header header, Map<String, NDArray> first, Map<String, NDArray> second)
            throws IOException {
        Files.createDirectories(directory);
        NDList moments = new NDList();
        for (String name : header.parameters()) {
            moments.add(named(first.get(name), FIRST + name));
            moments.add(named(second.get(name), SECOND + name));
        }
        try (OutputStream out = Files.newOutputStream(directory.resolve(MOMENTS_FILE))) {
            moments.encode(out, NDList.Encoding.SAFETENSORS);
        }
        JSON.writeValue(directory.resolve(HEADER_FILE).toFile(), header);
    }

    static Header readHeader(Path directory) throws IOException {
        Path file = directory.resolve(HEADER_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("no optimizer state at " + file);
        }
        Header header;
        try {
            header = JSON.readValue(file.toFile(), Header.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException(file + ": not a readable optimizer state: " + e.getMessage(), e);
        }
        if (!FORMAT.equals(header.format())) {
            throw new IOException(file + ": field 'format' is '" + header.format() + "', expected '" + FORMAT + "'");
        }
        return header;
    }

    /** Replaces the given moments with the saved ones, checking names and shapes. */
    static void readMoments(Path directory, NDManager manager, List<NamedParameter> parameters,
                            Map<String, NDArray> first, Map<String, NDArray> second) throws IOException {
        Path file = directory.resolve(MOMENTS_FILE);
        Map<String, NDArray> saved = new HashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (NDArray array : NDList.decode(manager, in)) {
                saved.put(array.getName(), array);
            }
        }
        for (NamedParameter p : parameters) {
            replace(first, p, take(saved, FIRST + p.name(), p, file));
            replace(second, p, take(saved, SECOND + p.name(), p, file));
        }
        saved.values().forEach(NDArray::close);
    }

    private static NDArray take(Map<String, NDArray> saved, String key, NamedParameter p, Path file)
            throws IOException {
        NDArray array = saved.remove(key);
        if (array == null) {
            throw new IOException(file + ": no tensor '" + key + "' for parameter '" + p.name() + "'");
        }
        if (!array.getShape().equals(p.value().getShape())) {
            throw new IOException(file + ": tensor '" + key + "' has shape " + array.getShape()
                    + " but parameter '" + p.name() + "' has shape " + p.value().getShape());
        }
        if (array.getDataType() == p.value().getDataType()) {
            return array;
        }
        NDArray converted = array.toType(p.value().getDataType(), false);
        array.close();
        return converted;
    }

    private static void replace(Map<String, NDArray> moments, NamedParameter p, NDArray loaded) {
        moments.put(p.name(), loaded).close();
    }

    private static NDArray named(NDArray array, String name) {
        array.setName(name);
        return array;
    }
}
