package org.ktoworkbench.model.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;

/**
 * A JSON document holding an array of objects, streamed one element at a time so memory stays bounded
 * whatever the file's size. Invalid UTF-8 and malformed JSON are fatal (the document does not parse);
 * a wrong element type or an element over the size bound is an error for that element only. Lines are
 * those where each element starts.
 */
final class JsonArrayRecordReader implements RecordReader {

    /**
     * No single string may outgrow the record bound (a string of more characters than that has more bytes
     * too), so a hostile element cannot make the parser buffer more than about one record.
     */
    private static final JsonFactory PARSERS = Json.MAPPER.getFactory().copy()
            .setStreamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(Limits.MAX_RECORD_BYTES)
                    .maxNameLength(Limits.MAX_RECORD_BYTES)
                    .build());

    @Override
    public void read(String fileName, InputStream in, RecordVisitor visitor) throws IOException {
        long elementLine = 1;
        try (JsonParser parser = PARSERS.createParser(new Utf8CheckingInputStream(in))) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                visitor.fatal(new DataError(fileName, Math.max(1, parser.currentTokenLocation().getLineNr()),
                        DataError.LINE_FIELD, "expected a JSON array of objects, got "
                        + (first == null ? "an empty file" : first.asString() == null ? first.name() : "'" + first.asString() + "'")));
                return;
            }
            JsonStreamContext array = parser.getParsingContext();
            JsonElementReader elements = new JsonElementReader(parser, Limits.MAX_RECORD_BYTES);
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    visitor.fatal(new DataError(fileName, parser.currentLocation().getLineNr(),
                            DataError.LINE_FIELD, "malformed JSON: the array is not closed"));
                    return;
                }
                elementLine = parser.currentTokenLocation().getLineNr();
                JsonNode node = elements.next(array);
                if (node == null) {
                    visitor.error(new DataError(fileName, elementLine, DataError.LINE_FIELD, tooLong()));
                } else if (node instanceof ObjectNode object) {
                    visitor.record(new SourceRecord(elementLine, object, false));
                } else {
                    visitor.error(new DataError(fileName, elementLine, DataError.LINE_FIELD,
                            "expected a JSON object, got " + JsonTypes.describe(node)));
                }
            }
            if (parser.nextToken() != null) {
                visitor.fatal(new DataError(fileName, parser.currentTokenLocation().getLineNr(),
                        DataError.LINE_FIELD, "malformed JSON: unexpected content after the array"));
            }
        } catch (Utf8CheckingInputStream.InvalidUtf8Exception e) {
            visitor.fatal(new DataError(fileName, e.line, DataError.LINE_FIELD,
                    "invalid UTF-8 at byte " + e.byteOfLine + " of the line"));
        } catch (StreamConstraintsException e) {
            // the parser cannot resume inside the string it refused: the file stops here. Its other bounds
            // (nesting, number length) read as malformed JSON, as they did before
            visitor.fatal(overlongText(e)
                    ? new DataError(fileName, elementLine, DataError.LINE_FIELD, tooLong() + "; reading stopped here")
                    : malformed(fileName, e, elementLine));
        } catch (JsonProcessingException e) {
            visitor.fatal(malformed(fileName, e, elementLine));
        }
    }

    /** Where Jackson gives no location (its bounds), the line of the element being read. */
    private static DataError malformed(String fileName, JsonProcessingException e, long elementLine) {
        long line = e.getLocation() == null ? elementLine : Math.max(1, e.getLocation().getLineNr());
        return new DataError(fileName, line, DataError.LINE_FIELD, "malformed JSON: " + JsonTypes.messageOf(e));
    }

    /** Whether Jackson refused a string or a name for its length (its other bounds are nesting and numbers). */
    private static boolean overlongText(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        return message.startsWith("String value length") || message.startsWith("Name length");
    }

    private static String tooLong() {
        return "record is longer than the " + Limits.MAX_RECORD_BYTES + "-byte bound";
    }
}
