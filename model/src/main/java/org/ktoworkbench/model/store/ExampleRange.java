package org.ktoworkbench.model.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The ids of one dataset's rows: {@code first} (inclusive) to {@code end} (exclusive), in file order, so row {@code i}
 * has id {@code first + i} ({@link ExampleInserter} gives them so; schema step 13 renumbered older workspaces).
 * Queries select a dataset's rows by {@link #CONDITION} on the rowid, which needs no index of its own.
 */
record ExampleRange(long first, long end) {
    /** Rows of the range, by their id (rowid); bind with {@link #bind}. */
    static final String CONDITION = "id >= ? AND id < ?";

    /** The range of dataset {@code datasetId}; empty when it has no rows (or does not exist). */
    static ExampleRange of(Connection c, long datasetId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT first_example_id, row_count FROM datasets WHERE id = ?")) {
            s.setLong(1, datasetId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? new ExampleRange(r.getLong(1), r.getLong(1) + r.getLong(2)) : new ExampleRange(0, 0);
            }
        }
    }

    /** Binds {@code first} and {@code end} to parameters {@code index} and {@code index + 1}. */
    void bind(PreparedStatement s, int index) throws SQLException {
        s.setLong(index, first);
        s.setLong(index + 1, end);
    }

    long rows() {
        return end - first;
    }

    /** The 0-based position in its dataset of the row with this id. */
    long ordinal(long id) {
        return id - first;
    }
}
