package org.ktoworkbench.model.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The external-content FTS5 index over examples. It is filled by {@code INSERT ... SELECT} over each batch of rows
 * just written ({@link ExampleInserter}; much faster than a trigger per row) and emptied the same way before they are
 * deleted, so it always matches the examples table.
 */
final class FullTextIndex {
    private FullTextIndex() {
    }

    /** The statement {@link #addOrdinals} runs; prepare it once for a dataset's batches. */
    static PreparedStatement prepareAddOrdinals(Connection connection) throws SQLException {
        return connection.prepareStatement("INSERT INTO examples_fts (rowid, prompt, completion)"
                + " SELECT id, prompt, completion FROM examples WHERE dataset_id = ? AND ordinal >= ? AND ordinal < ?");
    }

    /** Indexes the rows of dataset {@code datasetId} with ordinals {@code from} (inclusive) to {@code to}. */
    static void addOrdinals(PreparedStatement statement, long datasetId, long from, long to) throws SQLException {
        statement.setLong(1, datasetId);
        statement.setLong(2, from);
        statement.setLong(3, to);
        statement.executeUpdate();
    }

    static void remove(Connection connection, long datasetId) throws SQLException {
        run(connection, "INSERT INTO examples_fts (examples_fts, rowid, prompt, completion)"
                + " SELECT 'delete', id, prompt, completion FROM examples WHERE dataset_id = ?", datasetId);
    }

    /**
     * A user's words as an FTS5 query: each whitespace-separated word quoted (so punctuation and
     * FTS operators are taken literally), all words required.
     */
    static String query(String words) {
        String query = Arrays.stream(words.strip().split("\\s+"))
                .filter(w -> !w.isEmpty())
                .map(w -> '"' + w.replace("\"", "\"\"") + '"')
                .collect(Collectors.joining(" "));
        if (query.isEmpty()) {
            throw new IllegalArgumentException("the search query is empty");
        }
        return query;
    }

    private static void run(Connection connection, String sql, long datasetId) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setLong(1, datasetId);
            s.executeUpdate();
        }
    }
}
