package org.ktoworkbench.model.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ktoworkbench.model.data.DatasetRow;
import org.ktoworkbench.model.data.Json;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.function.Consumer;

/**
 * Appends rows to one dataset with a batched prepared statement, and their full-text index entries; call inside a
 * write transaction. A batch ends at {@link #BATCH} rows or {@link #BATCH_CHARS} characters, so long rows do not pile
 * up in memory. Each batch is indexed as soon as it is written, while its pages are still in SQLite's cache and while
 * an import's reading thread parses the next rows: indexing every row after the last one (one {@code INSERT ...
 * SELECT}) read the whole table back and left the reading thread idle meanwhile.
 */
final class ExampleInserter implements Consumer<ExampleInserter.Prepared>, AutoCloseable {
    private static final int BATCH = 2_000;
    private static final int FIRST_BATCH = 32;
    private static final long BATCH_CHARS = 1 << 21;
    /** Its serializer is found once, not looked up again for every row as {@code writeValueAsString} does. */
    private static final ObjectWriter METADATA = Json.MAPPER.writerFor(ObjectNode.class);

    private final PreparedStatement insert;
    private final PreparedStatement index;
    private final long firstId;
    private long nextId;
    private long indexedUpTo; // rows with ids below this are in the full-text index
    private long desirable;
    private int pending;
    /** The first batches are small and double up to {@link #BATCH}, so storing starts with an import's first rows. */
    private int batchRows = FIRST_BATCH;
    private long pendingChars;

    ExampleInserter(Connection connection, long datasetId) throws SQLException {
        // ids are given, one after another, so that each batch is indexed by a scan of its id range (the write
        // transaction holds the only writer, so nothing else takes ids meanwhile)
        try (PreparedStatement max = connection.prepareStatement("SELECT coalesce(max(id), 0) + 1 FROM examples");
             ResultSet r = max.executeQuery()) {
            this.firstId = r.getLong(1);
        }
        this.nextId = firstId;
        this.indexedUpTo = firstId;
        // the dataset is part of the statement, so the transaction's thread, the import's bottleneck, binds 10 values
        // a row; a row's position in the dataset is its id's offset from the first (ExampleRange)
        this.insert = connection.prepareStatement("INSERT INTO examples (id, dataset_id, source_line, prompt,"
                + " completion, prompt_messages, completion_messages, desirable, pair_id, metadata, is_eval)"
                + " VALUES (?, " + datasetId + ", ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        this.index = FullTextIndex.prepareAddIds(connection);
    }

    /** A row with its metadata as JSON, made off the transaction's thread ({@link #prepare}). */
    record Prepared(DatasetRow row, String metadataJson) {}

    /** The part of storing {@code row} that needs no connection: run it on an import's reading thread. */
    static Prepared prepare(DatasetRow row) {
        try {
            return new Prepared(row, METADATA.writeValueAsString(row.metadata()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise metadata", e);
        }
    }

    @Override
    public void accept(Prepared row) {
        add(row, false);
    }

    void add(DatasetRow row, boolean eval) {
        add(prepare(row), eval);
    }

    private void add(Prepared prepared, boolean eval) {
        DatasetRow row = prepared.row();
        try {
            insert.setLong(1, nextId++);
            insert.setLong(2, row.line());
            insert.setString(3, row.prompt().text());
            insert.setString(4, row.completion().text());
            insert.setString(5, row.prompt().messagesJson());
            insert.setString(6, row.completion().messagesJson());
            insert.setInt(7, row.desirable() ? 1 : 0);
            insert.setString(8, row.pairId());
            insert.setString(9, prepared.metadataJson());
            insert.setInt(10, eval ? 1 : 0);
            insert.addBatch();
            if (row.desirable()) {
                desirable++;
            }
            pendingChars += row.length();
            if (++pending >= batchRows || pendingChars >= BATCH_CHARS) {
                flush();
            }
        } catch (SQLException e) {
            throw new StoreException("cannot store row from line " + row.line() + ": " + e.getMessage(), e);
        }
    }

    /** Writes the pending rows and indexes them. */
    void flush() throws SQLException {
        if (pending > 0) {
            insert.executeBatch();
            batchRows = Math.min(BATCH, 2 * batchRows);
            pending = 0;
            pendingChars = 0;
            FullTextIndex.addIds(index, indexedUpTo, nextId);
            indexedUpTo = nextId;
        }
    }

    /** The ids of the rows added so far: the dataset's range once the last is added. */
    ExampleRange range() {
        return new ExampleRange(firstId, nextId);
    }

    long desirable() {
        return desirable;
    }

    @Override
    public void close() throws SQLException {
        try (index) {
            insert.close();
        }
    }
}
