package org.ktoworkbench.model.data;

/**
 * One problem found in a dataset file: which file, which physical line (where the record starts),
 * which field, and what is wrong. {@link #LINE_FIELD} stands for the line itself (malformed JSON,
 * invalid UTF-8, a line over the size bound).
 */
public record DataError(String file, long line, String field, String message) {

    public static final String LINE_FIELD = "(line)";

    /** {@code file:line: field: message}, the form the CLI prints. */
    public String format() {
        return file + ":" + line + ": " + field + ": " + message;
    }

    @Override
    public String toString() {
        return format();
    }
}
