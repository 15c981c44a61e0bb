package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A saved model directory: {@code config.json} plus named tensors in {@code model.safetensors}. */
final class ModelFiles {
    static final String CONFIG = "config.json";
    static final String WEIGHTS = "model.safetensors";

    private ModelFiles() {}

    static void write(Path dir, GptConfig config, List<NamedParameter> parameters) throws IOException {
        Files.createDirectories(dir);
        NDList list = new NDList();
        for (NamedParameter p : parameters) {
            list.add(p.value());
        }
        Path weights = dir.resolve(WEIGHTS);
        Path partial = dir.resolve(WEIGHTS + ".partial");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(partial))) {
            list.encode(out, NDList.Encoding.SAFETENSORS);
        }
        Files.move(partial, weights, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        config.write(dir.resolve(CONFIG));
    }

    /** Tensors by name, created in {@code manager}. */
    static Map<String, NDArray> readWeights(Path file, NDManager manager) throws IOException {
        NDList list;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            list = NDList.decode(manager, in);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": weights file not found");
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a readable safetensors file (" + e.getMessage() + ")");
        }
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray array : list) {
            if (array.getName() == null || byName.put(array.getName(), array) != null) {
                throw new IOException(file + ": tensor names must be present and unique, found '" + array.getName() + "'");
            }
        }
        if (byName.isEmpty()) {
            throw new IOException(file + ": contains no tensors");
        }
        return byName;
    }
}
