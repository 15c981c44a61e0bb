package org.ktoworkbench.model.data;

/** Bounds that protect the readers from pathological input. */
public final class Limits {
    /** Largest accepted line (JSONL), record (CSV) or array element (JSON), in bytes: 1 MiB. */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    /** How many problems an import keeps in full; the rest are only counted. */
    public static final int MAX_REPORTED_ERRORS = 1000;

    private Limits() {
    }
}
