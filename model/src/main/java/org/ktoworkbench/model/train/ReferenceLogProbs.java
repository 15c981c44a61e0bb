package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.SequenceLogProbs;

import java.util.HashMap;
import java.util.Map;

/**
 * Log-probs of (prompt, completion) pairs under the frozen reference model. With caching on (the run's
 * {@code precomputeReference}), each distinct pair is computed once and reused in later epochs: the reference never
 * changes, so only the policy passes remain in a step.
 */
final class ReferenceLogProbs {
    private final CausalLm reference;
    private final EncodedRows rows;
    private final Map<Long, Float> cache;

    ReferenceLogProbs(CausalLm reference, EncodedRows rows, boolean cached) {
        this.reference = reference;
        this.rows = rows;
        this.cache = cached ? new HashMap<>() : null;
    }

    /** [B] float32 in {@code step}, no gradient. */
    NDArray of(int[] promptRows, int[] completionRows, NDManager step) {
        if (cache != null) {
            float[] values = new float[promptRows.length];
            boolean all = true;
            for (int k = 0; k < promptRows.length && all; k++) {
                Float v = cache.get(key(promptRows[k], completionRows[k]));
                if (v == null) all = false; else values[k] = v;
            }
            if (all) return step.create(values, new Shape(values.length));
        }
        NDArray logps = SequenceLogProbs.compute(reference, rows.pack(promptRows, completionRows), step);
        if (cache != null) {
            float[] values = logps.toFloatArray();
            for (int k = 0; k < promptRows.length; k++) cache.put(key(promptRows[k], completionRows[k]), values[k]);
        }
        return logps;
    }

    private static long key(int promptRow, int completionRow) {
        return ((long) promptRow << 32) | (completionRow & 0xffffffffL);
    }
}
