package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Hands out arrays that already exist (read from a file, or copied from another model), checking
 * that each one is present with the expected shape and that none is left over.
 */
final class LoadedWeights implements ParameterSource {
    private final Map<String, NDArray> remaining;
    private final String source;
    private final boolean trainable;

    LoadedWeights(Map<String, NDArray> arrays, String source, boolean trainable) {
        this.remaining = new LinkedHashMap<>(arrays);
        this.source = source;
        this.trainable = trainable;
    }

    @Override
    public NDArray get(String name, Shape shape, Init init) {
        NDArray array = remaining.remove(name);
        if (array == null) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' is missing");
        }
        if (!array.getShape().equals(shape)) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' has shape " + array.getShape()
                    + ", the config needs " + shape);
        }
        return array;
    }

    @Override
    public boolean trainable() {
        return trainable;
    }

    /** Fails if some arrays were never asked for (a file from a different architecture or config). */
    void requireAllUsed() {
        if (!remaining.isEmpty()) {
            throw new IllegalArgumentException(source + ": unexpected tensors " + new TreeSet<>(remaining.keySet()));
        }
    }
}
