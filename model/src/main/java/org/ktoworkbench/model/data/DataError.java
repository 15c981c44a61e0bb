package org.ktoworkbench.model.data;

/**
 * One problem found in a dataset file: which file, which physical line (where the record starts),
 * which field, and what is wrong. {@link #LINE_FIELD} stands for the line itself (malformed JSON,
 * invalid UTF-8, a line over the size bound). {@code row}: {@code line} counts rows, not lines (Parquet).
 */
public record DataError(String file, long line, String field, String message, boolean row) {

    public static final String LINE_FIELD = "(line)";

    public DataError(String file, long line, String field, String message) {
        this(file, line, field, message, false);
    }

    /** {@code file:line: field: message} ({@code file: row N: field: message} for rows), the form the CLI prints. */
    public String format() {
        return file + (row ? ": row " + line : ":" + line) + ": " + field + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
