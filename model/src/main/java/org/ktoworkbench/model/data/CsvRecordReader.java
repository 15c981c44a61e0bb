package org.ktoworkbench.model.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CSV per RFC 4180: comma separated, fields with commas, quotes or line breaks in double quotes,
 * inner quotes doubled; a header row is required. A quoted line break becomes {@code \n}. Line
 * numbers are those of the physical line where a record starts; blank lines are skipped.
 */
final class CsvRecordReader implements RecordReader {

    @Override
    public void read(String fileName, InputStream in, RecordVisitor visitor) throws IOException {
        PhysicalLineReader lines = new PhysicalLineReader(in);
        RawRecord header = nextRecord(fileName, lines, visitor);
        if (header == null) {
            visitor.fatal(new DataError(fileName, 1, DataError.LINE_FIELD, "empty CSV file: a header row is required"));
            return;
        }
        if (!header.ok) {
            visitor.fatal(new DataError(fileName, header.line, DataError.LINE_FIELD, "the header row is unreadable"));
            return;
        }
        List<String> columns = header.fields;
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            String name = columns.get(i).strip();
            if (name.isEmpty()) {
                visitor.fatal(new DataError(fileName, header.line, DataError.LINE_FIELD,
                        "header column " + (i + 1) + " has no name"));
                return;
            }
            if (!seen.add(name)) {
                visitor.fatal(new DataError(fileName, header.line, name, "column name appears twice in the header"));
                return;
            }
            columns.set(i, name);
        }
        for (RawRecord record = nextRecord(fileName, lines, visitor); record != null;
             record = nextRecord(fileName, lines, visitor)) {
            if (!record.ok) {
                continue;
            }
            if (record.fields.size() != columns.size()) {
                visitor.error(new DataError(fileName, record.line, DataError.LINE_FIELD,
                        "expected " + columns.size() + " fields as in the header, found " + record.fields.size()));
                continue;
            }
            ObjectNode fields = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < columns.size(); i++) {
                fields.put(columns.get(i), record.fields.get(i));
            }
            visitor.record(new SourceRecord(record.line, fields, true));
        }
    }

    private static final class RawRecord {
        final long line;
        final List<String> fields = new ArrayList<>();
        boolean ok = true;

        RawRecord(long line) {
            this.line = line;
        }
    }

    /** Parses the next record, reporting its problems; null at end of file. */
    private static RawRecord nextRecord(String fileName, PhysicalLineReader lines, RecordVisitor visitor)
            throws IOException {
        PhysicalLineReader.Line line = lines.next();
        while (line != null && line.problem() == null && line.bytes().length == 0) {
            line = lines.next();
        }
        if (line == null) {
            return null;
        }
        RawRecord record = new RawRecord(line.number());
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        long size = 0;
        while (true) {
            if (line.problem() != null) {
                visitor.error(new DataError(fileName, line.number(), DataError.LINE_FIELD, line.problem()));
                record.ok = false;
            }
            String text = line.text() == null ? "" : line.text();
            size += text.length();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c != '"') {
                        field.append(c);
                    } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else if (c == ',') {
                    record.fields.add(field.toString());
                    field.setLength(0);
                    afterQuote = false;
                } else if (afterQuote) {
                    report(fileName, record, visitor, "unexpected character after a closing quote in field "
                            + (record.fields.size() + 1));
                    field.append(c);
                } else if (c == '"' && field.length() == 0) {
                    quoted = true;
                } else if (c == '"') {
                    report(fileName, record, visitor, "a quote inside an unquoted field " + (record.fields.size() + 1)
                            + " (quote the field and double the inner quotes)");
                    field.append(c);
                } else {
                    field.append(c);
                }
            }
            if (!quoted) {
                break;
            }
            line = lines.next();
            if (line == null) {
                report(fileName, record, visitor, "a quoted field is not closed before the end of the file");
                return record;
            }
            field.append('\n');
        }
        record.fields.add(field.toString());
        if (size > Limits.MAX_RECORD_BYTES && record.ok) {
            report(fileName, record, visitor, "record is longer than the " + Limits.MAX_RECORD_BYTES + "-byte bound");
        }
        return record;
    }

    private static void report(String fileName, RawRecord record, RecordVisitor visitor, String message) {
        if (record.ok) {
            visitor.error(new DataError(fileName, record.line, DataError.LINE_FIELD, message));
            record.ok = false;
        }
    }
}
