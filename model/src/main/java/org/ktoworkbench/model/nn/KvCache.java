package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of the tokens seen so far, per layer, so that each generation step only runs the new
 * token through the model. Each layer's buffer is allocated once at [B, heads, context, headDim] and
 * filled in place; attention reads the filled prefix as a view (cheaper than concatenating every step).
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final int capacity;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    public KvCache(NDManager parent, int layers, int capacity) {
        this.manager = parent.newSubManager();
        this.capacity = capacity;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Tokens already cached. */
    public int length() {
        return length;
    }

    /**
     * Writes this step's keys and values ([B, heads, T, headDim]) after the cached ones of layer
     * {@code layer}; returns views of all keys and values so far, in the manager of {@code newKeys}.
     */
    public NDList append(int layer, NDArray newKeys, NDArray newValues) {
        long added = newKeys.getShape().get(2);
        if (keys[layer] == null) {
            Shape shape = newKeys.getShape();
            Shape full = new Shape(shape.get(0), shape.get(1), capacity, shape.get(3));
            keys[layer] = manager.zeros(full, newKeys.getDataType());
            values[layer] = manager.zeros(full, newValues.getDataType());
        }
        NDIndex slot = new NDIndex(":, :, {}:{}", length, length + added);
        keys[layer].set(slot, newKeys);
        values[layer].set(slot, newValues);
        NDIndex filled = new NDIndex(":, :, :{}", length + added);
        NDManager step = newKeys.getManager();
        return new NDList(keys[layer].get(step, filled), values[layer].get(step, filled));
    }

    /** Called by the model once every layer has appended {@code tokens} new positions. */
    public void advance(int tokens) {
        length += tokens;
    }

    @Override
    public void close() {
        manager.close();
    }
}
