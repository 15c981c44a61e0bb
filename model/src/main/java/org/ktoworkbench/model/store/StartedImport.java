package org.ktoworkbench.model.store;

import org.ktoworkbench.model.data.DatasetReader;
import org.ktoworkbench.model.data.ReadAhead;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A file an import is already reading and validating on its own thread, begun before the workspace is open
 * ({@link #begin}): parsing the first rows (and loading the JSON parser) then overlaps opening the workspace and
 * beginning the write transaction (about 0.3 s of a CLI import into a new workspace, with the JSON parser's cold first
 * read another 0.3 s, all of it before the first row could be stored).
 * {@link DatasetStore#importFile(StartedImport)} takes the rows; closing it first stops the reading.
 */
public final class StartedImport implements AutoCloseable {
    private final Path file;
    private final ImportOptions options;
    private final ImportProgress progress;
    private final ReadAhead.Running<ExampleInserter.Prepared> rows;

    private StartedImport(Path file, ImportOptions options, ImportProgress progress) {
        this.file = file;
        this.options = options;
        this.progress = progress;
        long size = sizeOrUnknown(file);
        this.rows = ReadAhead.start(new DatasetReader(options.kind(), options.format()), file,
                ExampleInserter::prepare, bytes -> {
                    stopIfCancelled();
                    progress.reading(bytes, size);
                });
    }

    /** Starts reading {@code file} for an import with these options. */
    public static StartedImport begin(Path file, ImportOptions options, ImportProgress progress) {
        return new StartedImport(file, options, progress);
    }

    Path file() {
        return file;
    }

    public ImportOptions options() {
        return options;
    }

    ImportProgress progress() {
        return progress;
    }

    /** The dataset name the import stores the rows under. */
    public String datasetName() {
        return options.datasetName(file);
    }

    /** Hands the validated rows to {@code sink} on the calling thread (the transaction's); once. */
    DatasetReader.Result drainTo(Consumer<ExampleInserter.Prepared> sink) {
        return rows.drainTo(sink);
    }

    void stopIfCancelled() {
        if (progress.isCancelled()) throw new ImportCancelledException(file.toString());
    }

    /** The file's size for progress, -1 when it cannot be had (the read then reports the actual problem). */
    private static long sizeOrUnknown(Path file) {
        try {
            return Files.isRegularFile(file) ? Files.size(file) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        rows.close();
    }
}
