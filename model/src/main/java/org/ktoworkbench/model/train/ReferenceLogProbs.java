package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.SequenceLogProbs;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Log-probs of (prompt, completion) pairs under the frozen reference model. With caching on (the run's
 * {@code precomputeReference}), each row's own pair (its prompt with its completion) is computed once and reused in
 * later epochs: the reference never changes, so only the policy passes remain in a step.
 *
 * <p>A cached row is computed in a fixed chunk of {@link #CHUNK} consecutive rows, never in the micro-batch that first
 * asks for it: a sequence's log-prob moves in its last bits with the batch it is computed in (the padded length and
 * the row count change the kernels' reduction order: up to 2e-6 measured on the default model). Computed in its
 * micro-batch, a cached value would depend on which epoch first met the row, so a resumed run (empty cache) would read
 * other numbers than the uninterrupted one. KL pairs (a prompt with another row's completion) change with every
 * shuffle and are computed in their micro-batch, cached or not.
 */
final class ReferenceLogProbs {
    static final int CHUNK = SequenceLogProbs.FIXED_CHUNK;

    private final CausalLm reference;
    private final EncodedRows rows;
    private final float[] cache;
    private final boolean[] chunkDone;

    ReferenceLogProbs(CausalLm reference, EncodedRows rows, boolean cached) {
        this.reference = reference;
        this.rows = rows;
        this.cache = cached ? new float[rows.size()] : null;
        this.chunkDone = cached ? new boolean[(rows.size() + CHUNK - 1) / CHUNK] : null;
    }

    /** [B] float32 in {@code step}, no gradient. */
    NDArray of(int[] promptRows, int[] completionRows, NDManager step) {
        if (cache == null || !Arrays.equals(promptRows, completionRows)) {
            return SequenceLogProbs.compute(reference, rows.pack(promptRows, completionRows), step);
        }
        float[] values = new float[promptRows.length];
        for (int k = 0; k < promptRows.length; k++) {
            int chunk = promptRows[k] / CHUNK;
            if (!chunkDone[chunk]) computeChunk(chunk, step);
            values[k] = cache[promptRows[k]];
        }
        return step.create(values, new Shape(values.length));
    }

    private void computeChunk(int chunk, NDManager step) {
        int from = chunk * CHUNK;
        int[] chunkRows = IntStream.range(from, Math.min(rows.size(), from + CHUNK)).toArray();
        try (NDManager scratch = step.newSubManager()) {
            float[] logps = SequenceLogProbs.compute(reference, rows.pack(chunkRows, chunkRows), scratch)
                    .toType(DataType.FLOAT32, false).toFloatArray();
            System.arraycopy(logps, 0, cache, from, logps.length);
        }
        chunkDone[chunk] = true;
    }
}
