package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of the tokens seen so far, per layer ([B, heads, length, headDim]), so that each
 * generation step only runs the new token through the model.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    KvCache(NDManager parent, int layers) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /** Tokens already cached. */
    public int length() {
        return length;
    }

    /** Appends this step's keys and values to layer {@code layer}; returns all keys and values so far. */
    NDList append(int layer, NDArray newKeys, NDArray newValues) {
        keys[layer] = extend(keys[layer], newKeys);
        values[layer] = extend(values[layer], newValues);
        return new NDList(keys[layer], values[layer]);
    }

    private NDArray extend(NDArray old, NDArray added) {
        NDArray all = old == null ? added.duplicate() : old.concat(added, 2);
        all.attach(manager);
        if (old != null) {
            old.close();
        }
        return all;
    }

    /** Called by the model once every layer has appended {@code tokens} new positions. */
    void advance(int tokens) {
        length += tokens;
    }

    @Override
    public void close() {
        manager.close();
    }
}
