package org.ktoworkbench.model.data;

import java.nio.file.Path;
import java.util.Locale;

/** The container format of a dataset file. */
public enum FileKind {
    JSONL, JSON, CSV, PARQUET;

    /** By extension: .jsonl (also .ndjson), .json, .csv, .parquet. */
    public static FileKind detect(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".json")) {
            return JSON;
        }
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".parquet")) {
            return PARQUET;
        }
        throw new InvalidDatasetException(file + ": cannot tell the file type from its extension;"
                + " use .jsonl, .json, .csv or .parquet, or pass the file type explicitly");
    }

    public static FileKind parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown file type '" + UserText.clip(text) + "' (expected jsonl, json, csv or parquet)");
        }
    }
}
