package org.ktoworkbench.model.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;

/** JSON Lines: one object per line; blank lines are skipped. */
final class JsonlRecordReader implements RecordReader {

    @Override
    public void read(String fileName, InputStream in, RecordVisitor visitor) throws IOException {
        PhysicalLineReader lines = new PhysicalLineReader(in);
        for (PhysicalLineReader.Line line = lines.next(); line != null; line = lines.next()) {
            if (line.problem() != null) {
                visitor.error(new DataError(fileName, line.number(), DataError.LINE_FIELD, line.problem()));
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            try {
                // the bytes are checked UTF-8: Jackson's byte parser reads them without a String in between
                JsonNode node = Json.SINGLE_VALUE.readTree(line.bytes());
                if (node instanceof ObjectNode object) {
                    visitor.record(new SourceRecord(line.number(), object, false));
                } else {
                    visitor.error(new DataError(fileName, line.number(), DataError.LINE_FIELD,
                            "expected a JSON object, got " + JsonTypes.describe(node)));
                }
            } catch (JsonProcessingException e) {
                visitor.error(new DataError(fileName, line.number(), DataError.LINE_FIELD,
                        "malformed JSON: " + JsonTypes.messageOf(e)));
            }
        }
    }
}
