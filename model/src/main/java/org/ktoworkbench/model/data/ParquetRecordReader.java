package org.ktoworkbench.model.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.LongConsumer;

/**
 * Parquet, as the Hub serves datasets ({@code data/train-00000-of-00001.parquet}), read through DuckDB's
 * in-memory engine: each row arrives as one JSON object (nested lists and structs, such as message lists,
 * as JSON arrays and objects), so the rows meet the same {@link RowInterpreter} as JSONL, numbered by row
 * (1 = the first row) instead of by line.
 */
final class ParquetRecordReader {
    private static final String ROW_FIELD = "(row)";
    private static final int PROGRESS_EVERY = 1024;

    private ParquetRecordReader() {
    }

    static void read(Path file, RecordVisitor visitor, LongConsumer bytesRead) {
        String fileName = file.toString();
        if (!Files.isRegularFile(file)) {
            throw new InvalidDatasetException(fileName + ": no such file");
        }
        try (Connection db = DriverManager.getConnection("jdbc:duckdb:", settings())) {
            long total = rowCount(db, file);
            long size = Files.size(file);
            try (PreparedStatement s = db.prepareStatement("SELECT to_json(t) FROM read_parquet(?) AS t")) {
                s.setString(1, file.toString());
                s.setFetchSize(PROGRESS_EVERY);
                try (ResultSet rows = s.executeQuery()) {
                    for (long row = 1; rows.next(); row++) {
                        visit(fileName, row, rows.getString(1), visitor);
                        if (row % PROGRESS_EVERY == 0) {
                            bytesRead.accept(size * row / Math.max(1, total));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new InvalidDatasetException(fileName + ": cannot read as Parquet: " + firstLine(e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(fileName + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void visit(String fileName, long row, String json, RecordVisitor visitor) {
        if (json.length() > Limits.MAX_RECORD_BYTES) {
            visitor.error(new DataError(fileName, row, ROW_FIELD, "row is over the 1 MiB bound for one record", true));
            return;
        }
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            visitor.record(new SourceRecord(row, (ObjectNode) node, false, true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("DuckDB wrote a row that is not JSON", e);
        }
    }

    private static long rowCount(Connection db, Path file) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
            s.setString(1, file.toString());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : 0;
            }
        }
    }

    /** One thread (the import's other thread inserts), results streamed rather than held, nothing downloaded. */
    private static Properties settings() {
        Properties p = new Properties();
        p.setProperty("threads", "1");
        p.setProperty("jdbc_stream_results", "true");
        p.setProperty("autoinstall_known_extensions", "false");
        return p;
    }

    private static String firstLine(String message) {
        String text = message == null ? "unknown error" : message.strip();
        int end = text.indexOf('\n');
        return UserText.clip(end < 0 ? text : text.substring(0, end));
    }
}
