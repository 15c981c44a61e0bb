package org.ktoworkbench.model.data;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One record read from a file, before interpretation: its fields in file order and the physical
 * line where it starts. {@code textCells} is true for CSV, whose cells are all text. {@code row}: {@code line}
 * is a row number (Parquet).
 */
public record SourceRecord(long line, ObjectNode fields, boolean textCells, boolean row) {
    public SourceRecord(long line, ObjectNode fields, boolean textCells) {
        this(line, fields, textCells, false);
    }
}
