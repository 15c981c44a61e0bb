package org.ktoworkbench.model.store;

import org.ktoworkbench.model.data.DataFormat;
import org.ktoworkbench.model.data.FileKind;

/**
 * How to import a file. Null {@code name}: the file name without extension; null {@code kind} or
 * {@code format}: detected. {@code lenient}: skip bad rows (listed in the report) instead of failing;
 * {@code replace}: replace a dataset of the same name atomically instead of failing.
 */
public record ImportOptions(String name, FileKind kind, DataFormat format, boolean lenient, boolean replace) {
    /** The name the dataset gets: {@code name}, else the file name without its extension. */
    public String datasetName(java.nio.file.Path file) {
        if (name != null) return name;
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    public static ImportOptions strict(String name) {
        return new ImportOptions(name, null, null, false, false);
    }

    public ImportOptions skippingBadRows() {
        return new ImportOptions(name, kind, format, true, replace);
    }

    public ImportOptions replacing() {
        return new ImportOptions(name, kind, format, lenient, true);
    }

    public ImportOptions withFormat(DataFormat newFormat) {
        return new ImportOptions(name, kind, newFormat, lenient, replace);
    }

    public ImportOptions withKind(FileKind newKind) {
        return new ImportOptions(name, newKind, format, lenient, replace);
    }
}
