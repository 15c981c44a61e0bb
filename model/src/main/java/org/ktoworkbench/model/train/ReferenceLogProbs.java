package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.SequenceLogProbs;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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

    private static final java.util.concurrent.atomic.AtomicLong CACHED_ROW_PASSES = new java.util.concurrent.atomic.AtomicLong();

    private CausalLm reference; // null once released: every value it will be asked for is then precomputed
    private final EncodedRows rows;
    private final Map<String, float[]> precomputedPairs = new HashMap<>(); // KL pairs, by their rows
    private final float[] cache;
    private final boolean[] chunkDone;
    private final ReferenceCache stored; // null: kept in memory only
    private int chunksLeft;

    ReferenceLogProbs(CausalLm reference, EncodedRows rows, boolean cached) {
        this(reference, rows, cached, null);
    }

    /**
     * Cached, and kept in {@code stored} for later runs on the same reference and rows: read from it when there, else
     * computed for every row at the first use and written to it.
     */
    ReferenceLogProbs(CausalLm reference, EncodedRows rows, ReferenceCache stored) {
        this(reference, rows, true, stored);
    }

    private ReferenceLogProbs(CausalLm reference, EncodedRows rows, boolean cached, ReferenceCache stored) {
        this.reference = reference;
        this.rows = rows;
        this.stored = stored;
        this.cache = cached ? new float[rows.size()] : null;
        this.chunkDone = cached ? new boolean[(rows.size() + CHUNK - 1) / CHUNK] : null;
        this.chunksLeft = cached ? chunkDone.length : 0;
        java.util.Optional<float[]> known = stored == null ? java.util.Optional.empty() : stored.read(rows.size());
        if (known.isPresent()) {
            System.arraycopy(known.get(), 0, cache, 0, cache.length);
            Arrays.fill(chunkDone, true);
            chunksLeft = 0;
        }
    }

    /** Reference forward passes over cached rows' chunks this process has made (what a shared cache saves). */
    static long cachedRowPasses() {
        return CACHED_ROW_PASSES.get();
    }

    /**
     * Computes now what {@link #of} will be asked for these rows: a batch of rows' own pairs (cached, so a cached
     * instance only) or of KL pairs (kept by their rows, computed in this batch as {@link #of} would compute them),
     * so that the model can be {@link #release released}.
     */
    void precompute(int[] promptRows, int[] completionRows, NDManager step) {
        if (cache == null) throw new IllegalStateException("only a cached instance precomputes");
        if (Arrays.equals(promptRows, completionRows)) {
            try (NDManager scratch = step.newSubManager()) {
                of(promptRows, completionRows, scratch);
            }
            return;
        }
        String key = pairKey(promptRows, completionRows);
        if (precomputedPairs.containsKey(key)) return;
        try (NDManager scratch = step.newSubManager()) {
            precomputedPairs.put(key, SequenceLogProbs.computeWithoutGradient(reference,
                    rows.pack(promptRows, completionRows), scratch).toType(DataType.FLOAT32, false).toFloatArray());
        }
    }

    /** KL pairs precomputed so far. */
    int precomputedPairBatches() {
        return precomputedPairs.size();
    }

    /** From here on the model is not used (its owner may close it); asking for a value not precomputed is an error. */
    void release() {
        reference = null;
    }

    private static String pairKey(int[] promptRows, int[] completionRows) {
        return Arrays.toString(promptRows) + "/" + Arrays.toString(completionRows);
    }

    /** The model, while it has not been released. */
    private CausalLm model(int[] promptRows, int[] completionRows) {
        if (reference == null) {
            throw new IllegalStateException("the reference model was freed after precomputing, but rows "
                    + Arrays.toString(promptRows) + " with completions " + Arrays.toString(completionRows)
                    + " were not precomputed");
        }
        return reference;
    }

    /** [B] float32 in {@code step}, no gradient. */
    NDArray of(int[] promptRows, int[] completionRows, NDManager step) {
        if (cache == null || !Arrays.equals(promptRows, completionRows)) {
            float[] known = precomputedPairs.get(pairKey(promptRows, completionRows));
            if (known != null) return step.create(known, new Shape(known.length));
            return SequenceLogProbs.computeWithoutGradient(model(promptRows, completionRows),
                    rows.pack(promptRows, completionRows), step);
        }
        if (stored != null && chunksLeft > 0) {
            // computed whole, once, as TRL's precompute_ref_log_probs does, so later runs read all of it
            for (int chunk = 0; chunk < chunkDone.length; chunk++) if (!chunkDone[chunk]) computeChunk(chunk, step);
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
            float[] logps = SequenceLogProbs.computeWithoutGradient(model(chunkRows, chunkRows),
                    rows.pack(chunkRows, chunkRows), scratch)
                    .toType(DataType.FLOAT32, false).toFloatArray();
            System.arraycopy(logps, 0, cache, from, logps.length);
        }
        CACHED_ROW_PASSES.incrementAndGet();
        chunkDone[chunk] = true;
        if (--chunksLeft == 0 && stored != null) stored.write(cache);
    }
}
