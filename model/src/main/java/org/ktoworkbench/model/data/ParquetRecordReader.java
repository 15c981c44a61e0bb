package org.ktoworkbench.model.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.LongConsumer;
import java.util.stream.Collectors;

/**
 * Parquet, as the Hub serves datasets ({@code data/train-00000-of-00001.parquet}), read through DuckDB's
 * in-memory engine: each row becomes one JSON object (scalars through JDBC's typed getters; nested lists and
 * structs, such as message lists, as DuckDB's JSON of them), so the rows meet the same {@link RowInterpreter}
 * as JSONL, numbered by row (1 = the first row) instead of by line.
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
            List<Column> columns = columns(db, file);
            try (PreparedStatement s = db.prepareStatement("SELECT " + columns.stream().map(Column::select)
                    .collect(Collectors.joining(", ")) + " FROM read_parquet(?)")) {
                s.setString(1, globLiteral(file));
                s.setFetchSize(PROGRESS_EVERY);
                try (ResultSet rows = s.executeQuery()) {
                    for (long row = 1; rows.next(); row++) {
                        visit(fileName, row, record(columns, rows), visitor);
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

    /** How a column reaches JSON: scalars through JDBC's typed getters, anything nested as DuckDB's JSON of it. */
    private enum Kind { TEXT, BOOLEAN, INTEGER, REAL, JSON }

    private record Column(String name, Kind kind) {
        String select() {
            String quoted = '"' + name.replace("\"", "\"\"") + '"';
            return kind == Kind.JSON ? "to_json(" + quoted + ")" : quoted;
        }
    }

    private static List<Column> columns(Connection db, Path file) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("DESCRIBE SELECT * FROM read_parquet(?)")) {
            s.setString(1, globLiteral(file));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    columns.add(new Column(r.getString("column_name"), kind(r.getString("column_type"))));
                }
            }
        }
        return columns;
    }

    private static Kind kind(String type) {
        return switch (type) {
            case "VARCHAR" -> Kind.TEXT;
            case "BOOLEAN" -> Kind.BOOLEAN;
            case "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER" -> Kind.INTEGER;
            case "FLOAT", "DOUBLE" -> Kind.REAL;
            default -> Kind.JSON;
        };
    }

    /** The row as a JSON object in column order, and the characters its text holds. */
    private record Row(ObjectNode fields, long chars) {
    }

    private static Row record(List<Column> columns, ResultSet rows) throws SQLException {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        long chars = 0;
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            int index = i + 1;
            switch (column.kind()) {
                case TEXT, JSON -> {
                    String text = rows.getString(index);
                    if (text == null) {
                        fields.putNull(column.name());
                        continue;
                    }
                    chars += text.length();
                    fields.set(column.name(), column.kind() == Kind.TEXT ? fields.textNode(text) : parse(text));
                }
                case BOOLEAN -> {
                    boolean value = rows.getBoolean(index);
                    fields.set(column.name(), rows.wasNull() ? fields.nullNode() : fields.booleanNode(value));
                }
                case INTEGER -> {
                    long value = rows.getLong(index);
                    fields.set(column.name(), rows.wasNull() ? fields.nullNode() : fields.numberNode(value));
                }
                case REAL -> {
                    double value = rows.getDouble(index);
                    fields.set(column.name(), rows.wasNull() ? fields.nullNode() : fields.numberNode(value));
                }
            }
        }
        return new Row(fields, chars);
    }

    private static JsonNode parse(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("DuckDB wrote a value that is not JSON", e);
        }
    }

    private static void visit(String fileName, long row, Row record, RecordVisitor visitor) {
        if (record.chars() > Limits.MAX_RECORD_BYTES) {
            visitor.error(new DataError(fileName, row, ROW_FIELD, "row is over the 1 MiB bound for one record", true));
            return;
        }
        visitor.record(new SourceRecord(row, record.fields(), false, true));
    }

    private static long rowCount(Connection db, Path file) throws SQLException {
        try (PreparedStatement s = db.prepareStatement("SELECT count(*) FROM read_parquet(?)")) {
            s.setString(1, globLiteral(file));
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

    /** read_parquet takes a glob: escape its wildcards so a name such as {@code part*.parquet} reads that file alone. */
    private static String globLiteral(Path file) {
        return file.toString().replace("[", "[[]").replace("*", "[*]").replace("?", "[?]");
    }

    private static String firstLine(String message) {
        String text = message == null ? "unknown error" : message.strip();
        int end = text.indexOf('\n');
        return UserText.clip(end < 0 ? text : text.substring(0, end));
    }
}
