package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of the tokens seen so far, per layer, so that each generation step only runs the new
 * token through the model. Each layer's buffer is [B, heads, positions, headDim], filled in place;
 * attention reads the filled prefix as a view (cheaper than concatenating every step). Buffers grow by
 * doubling up to the model's context, so a model with a context of 128k tokens does not reserve it all
 * for a short generation.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final int capacity;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;
    private static final int FIRST_ALLOCATION = 64;

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
        long allocated = allocatedPositions(layer);
        if (length + added > allocated) {
            long grown = Math.min(capacity, Math.max(length + added, Math.max(2 * allocated, FIRST_ALLOCATION)));
            keys[layer] = grow(keys[layer], newKeys, grown);
            values[layer] = grow(values[layer], newValues, grown);
        }
        NDIndex slot = new NDIndex(":, :, {}:{}", length, length + added);
        keys[layer].set(slot, newKeys);
        values[layer].set(slot, newValues);
        NDIndex filled = new NDIndex(":, :, :{}", length + added);
        NDManager step = newKeys.getManager();
        return new NDList(keys[layer].get(step, filled), values[layer].get(step, filled));
    }

    private NDArray grow(NDArray old, NDArray like, long positions) {
        Shape shape = like.getShape();
        NDArray buffer = manager.zeros(new Shape(shape.get(0), shape.get(1), positions, shape.get(3)), like.getDataType());
        if (old != null) {
            if (length > 0) {
                buffer.set(new NDIndex(":, :, :{}", length), old.get(new NDIndex(":, :, :{}", length)));
            }
            old.close();
        }
        return buffer;
    }

    /** Positions the buffers of {@code layer} hold room for now. */
    long allocatedPositions(int layer) {
        return keys[layer] == null ? 0 : keys[layer].getShape().get(2);
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
