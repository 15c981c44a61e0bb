package org.ktoworkbench.model.data;

import java.util.List;

/** A dataset file that could not be imported; carries every problem found (up to a bound). */
public class InvalidDatasetException extends RuntimeException {
    private final List<DataError> errors;
    private final long totalErrors;

    public InvalidDatasetException(String message, List<DataError> errors, long totalErrors) {
        super(message);
        this.errors = List.copyOf(errors);
        this.totalErrors = totalErrors;
    }

    public InvalidDatasetException(String message) {
        this(message, List.of(), 0);
    }

    public List<DataError> errors() {
        return errors;
    }

    /** All problems found, including those beyond {@link Limits#MAX_REPORTED_ERRORS}. */
    public long totalErrors() {
        return totalErrors;
    }
}
