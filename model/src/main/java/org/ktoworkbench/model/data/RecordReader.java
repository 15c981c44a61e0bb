package org.ktoworkbench.model.data;

import java.io.IOException;
import java.io.InputStream;

/** Splits one file kind into records and reports line-level problems to the visitor. */
public interface RecordReader {
    void read(String fileName, InputStream in, RecordVisitor visitor) throws IOException;

    static RecordReader of(FileKind kind) {
        return switch (kind) {
            case JSONL -> new JsonlRecordReader();
            case JSON -> new JsonArrayRecordReader();
            case CSV -> new CsvRecordReader();
            case PARQUET -> throw new IllegalArgumentException("Parquet is read from its path: ParquetRecordReader");
        };
    }
}
