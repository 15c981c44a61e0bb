package org.ktoworkbench.model.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * Reads a dataset file of any supported kind and shape, streaming validated rows to a sink and
 * collecting problems. It decides nothing about what to keep: the caller applies strict or lenient.
 */
public final class DatasetReader {

    /**
     * What a read found. {@code fatal}: the file as a whole is unusable, whatever the mode.
     * {@code promptsFromMessages}: pairs whose prompt was taken from the messages chosen and rejected share.
     */
    public record Result(DataFormat format, long records, long rows, List<DataError> errors, long errorCount,
                         boolean fatal, long promptsFromMessages) {
        /** The shape as the import report names it, e.g. {@code paired, prompt from the shared leading messages}. */
        public String shape() {
            String label = format == null ? "unknown" : format.label();
            return promptsFromMessages == 0 ? label
                    : label + ", prompt from the leading messages chosen and rejected share (" + promptsFromMessages
                    + " pair" + (promptsFromMessages == 1 ? "" : "s") + ")";
        }
    }

    private final FileKind kind;
    private final DataFormat format;

    /** Null kind or format: detect (by extension; by the first record's keys). */
    public DatasetReader(FileKind kind, DataFormat format) {
        this.kind = kind;
        this.format = format;
    }

    public Result read(Path file, Consumer<DatasetRow> sink) {
        return read(file, sink, bytes -> { });
    }

    /** As {@link #read(Path, Consumer)}, telling {@code bytesRead} how far into the file it is (about every MiB). */
    public Result read(Path file, Consumer<DatasetRow> sink, LongConsumer bytesRead) {
        String fileName = file.toString();
        if (Files.isDirectory(file)) {
            throw new InvalidDatasetException(fileName + ": is a directory, not a dataset file");
        }
        FileKind fileKind = kind != null ? kind : FileKind.detect(file);
        Visitor visitor = new Visitor(fileName, sink);
        if (fileKind == FileKind.PARQUET) {
            ParquetRecordReader.read(file, visitor, bytesRead);
            return result(visitor);
        }
        try (InputStream in = new BufferedInputStream(new ProgressInputStream(Files.newInputStream(file), bytesRead), 1 << 16)) {
            RecordReader.of(fileKind).read(fileName, in, visitor);
        } catch (NoSuchFileException e) {
            throw new InvalidDatasetException(fileName + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(fileName + ": cannot read: " + e.getMessage(), e);
        }
        return result(visitor);
    }

    private static Result result(Visitor visitor) {
        return new Result(visitor.format, visitor.records, visitor.rows, visitor.errors.kept(),
                visitor.errors.total(), visitor.fatal,
                visitor.interpreter == null ? 0 : visitor.interpreter.promptsFromMessages());
    }

    private final class Visitor implements RecordVisitor {
        final String fileName;
        final Consumer<DatasetRow> sink;
        final ErrorList errors = new ErrorList();
        DataFormat format = DatasetReader.this.format;
        RowInterpreter interpreter;
        long records;
        long rows;
        boolean fatal;

        Visitor(String fileName, Consumer<DatasetRow> sink) {
            this.fileName = fileName;
            this.sink = sink;
        }

        @Override
        public void record(SourceRecord record) {
            if (fatal) {
                return;
            }
            if (interpreter == null) {
                if (format == null) {
                    format = DataFormat.detect(record.fields());
                }
                if (format == null) {
                    fatal(new DataError(fileName, record.line(), record.row() ? "(row)" : DataError.LINE_FIELD,
                            "cannot tell the format: expected fields prompt, completion, label (unpaired)"
                                    + ", prompt, chosen, rejected (paired) or chosen, rejected HH-RLHF transcripts (hh)",
                            record.row()));
                    return;
                }
                interpreter = new RowInterpreter(fileName, format);
            }
            records++;
            for (DatasetRow row : interpreter.interpret(record, errors::add)) {
                rows++;
                sink.accept(row);
            }
        }

        @Override
        public void error(DataError error) {
            records++;
            errors.add(error);
        }

        @Override
        public void fatal(DataError error) {
            fatal = true;
            errors.add(error);
        }
    }
}
