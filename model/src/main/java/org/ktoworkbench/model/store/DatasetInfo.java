package org.ktoworkbench.model.store;

import java.time.Instant;

/**
 * A stored dataset. {@code evalFraction} and {@code splitSeed} are null until the dataset is split;
 * {@code source} is the imported file (or how the dataset was derived).
 */
public record DatasetInfo(long id, String name, String source, String format, long rows, long desirable,
                          long evalRows, long evalDesirable, Double evalFraction, Long splitSeed, Instant createdAt) {
    public long undesirable() {
        return rows - desirable;
    }

    public long trainRows() {
        return rows - evalRows;
    }

    /** Desirable rows that train (all of them when there is no split). */
    public long trainDesirable() {
        return desirable - evalDesirable;
    }

    public long trainUndesirable() {
        return trainRows() - trainDesirable();
    }
}
