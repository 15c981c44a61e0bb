package org.ktoworkbench.model.kto;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Cuts training rows into micro-batches and pairs each row with a mismatched completion for
 * KTO's KL reference point.
 *
 * <p>Each epoch shuffles all rows with a seeded RNG (a deterministic function of seed and epoch),
 * then cuts them into micro-batches of {@code microBatchSize}. A short last micro-batch is kept
 * when it has at least 2 rows (it can still form KL pairs) and dropped when it has a single row.
 * Inside a micro-batch the KL pair of row k takes the completion of row (k + 1) mod size: rotate by one,
 * as TRL does, but on shuffled rows so batches are not single-class blocks.
 */
public final class KtoBatcher {
    private static final long SEED_MIX = 0x9E3779B97F4A7C15L;

    private final int[] rows;
    private final int microBatchSize;
    private final long seed;

    /** Batches rows {@code 0 .. rowCount-1}. */
    public KtoBatcher(int rowCount, int microBatchSize, long seed) {
        this(IntStream.range(0, rowCount).toArray(), microBatchSize, seed);
    }

    /** Batches the given row ids (for example the training split's ids). */
    public KtoBatcher(int[] rows, int microBatchSize, long seed) {
        if (microBatchSize < 2) {
            throw new IllegalArgumentException("micro-batch size must be at least 2, got " + microBatchSize
                    + ": each row's KL pair borrows the completion of another row in the same micro-batch");
        }
        if (rows.length < 2) {
            throw new IllegalArgumentException("KTO needs at least 2 training rows to form KL pairs, got "
                    + rows.length);
        }
        this.rows = rows.clone();
        this.microBatchSize = microBatchSize;
        this.seed = seed;
    }

    public int microBatchSize() {
        return microBatchSize;
    }

    /** Number of micro-batches in every epoch (the same for all epochs). */
    public int batchesPerEpoch() {
        int full = rows.length / microBatchSize;
        return rows.length % microBatchSize >= 2 ? full + 1 : full;
    }

    /** The micro-batches of one epoch, in order. */
    public List<MicroBatch> epoch(int epoch) {
        int[] order = shuffled(epoch);
        List<MicroBatch> batches = new ArrayList<>(batchesPerEpoch());
        for (int index = 0; index < batchesPerEpoch(); index++) {
            batches.add(cut(order, new BatchPosition(epoch, index)));
        }
        return batches;
    }

    /** The micro-batch at {@code position}. */
    public MicroBatch batchAt(BatchPosition position) {
        requireInEpoch(position);
        return cut(shuffled(position.epoch()), position);
    }

    /** A cursor from the first micro-batch of epoch 0. */
    public Cursor cursor() {
        return cursor(BatchPosition.start());
    }

    /** A cursor that continues at {@code position} (as saved from {@link Cursor#position()}). */
    public Cursor cursor(BatchPosition position) {
        requireInEpoch(position);
        return new Cursor(position);
    }

    private void requireInEpoch(BatchPosition position) {
        if (position.index() >= batchesPerEpoch()) {
            throw new IllegalArgumentException("batch position " + position + " is past the end of an epoch of "
                    + batchesPerEpoch() + " micro-batches");
        }
    }

    private MicroBatch cut(int[] order, BatchPosition position) {
        int from = position.index() * microBatchSize;
        int size = Math.min(microBatchSize, order.length - from);
        int[] batch = new int[size];
        int[] klCompletions = new int[size];
        System.arraycopy(order, from, batch, 0, size);
        for (int k = 0; k < size; k++) {
            klCompletions[k] = batch[(k + 1) % size];
        }
        return new MicroBatch(position, batch, klCompletions);
    }

    /** Fisher-Yates with our own loop, so the order does not depend on a JDK's shuffle. */
    private int[] shuffled(int epoch) {
        // Mixing seed and epoch (rather than seed + epoch) keeps run seed 1's epoch 1 from
        // replaying run seed 2's epoch 0.
        Random random = new Random(seed * SEED_MIX + epoch);
        int[] order = rows.clone();
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = order[i];
            order[i] = order[j];
            order[j] = swap;
        }
        return order;
    }

    /** Walks the micro-batches across epochs; its position can be saved and resumed. */
    public final class Cursor {
        private int epoch;
        private int index;
        private int[] order;

        private Cursor(BatchPosition start) {
            this.epoch = start.epoch();
            this.index = start.index();
        }

        /** Position of the micro-batch the next call to {@link #next()} returns. */
        public BatchPosition position() {
            return new BatchPosition(epoch, index);
        }

        /** The next micro-batch; after the last one of an epoch comes the first of the next epoch. */
        public MicroBatch next() {
            if (order == null) {
                order = shuffled(epoch);
            }
            MicroBatch batch = cut(order, position());
            index++;
            if (index == batchesPerEpoch()) {
                epoch++;
                index = 0;
                order = null;
            }
            return batch;
        }
    }
}
