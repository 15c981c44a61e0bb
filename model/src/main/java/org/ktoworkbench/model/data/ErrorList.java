package org.ktoworkbench.model.data;

import java.util.ArrayList;
import java.util.List;

/** Keeps the first {@link Limits#MAX_REPORTED_ERRORS} problems in full and counts all of them. */
public final class ErrorList {
    private final List<DataError> kept = new ArrayList<>();
    private long total;

    public void add(DataError error) {
        total++;
        if (kept.size() < Limits.MAX_REPORTED_ERRORS) {
            kept.add(error);
        }
    }

    public List<DataError> kept() {
        return List.copyOf(kept);
    }

    public long total() {
        return total;
    }

    public boolean isEmpty() {
        return total == 0;
    }
}
