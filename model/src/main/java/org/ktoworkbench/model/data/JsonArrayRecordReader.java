package org.ktoworkbench.model.data;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A JSON document holding an array of objects. The document must parse as a whole, so invalid
 * UTF-8 and malformed JSON are fatal; a wrong element type or an element over the size bound
 * is an error for that element only. Lines are those where each element starts.
 */
final class JsonArrayRecordReader implements RecordReader {

    @Override
    public void read(String fileName, InputStream in, RecordVisitor visitor) throws IOException {
        byte[] bytes = in.readAllBytes();
        int bad = firstInvalidUtf8(bytes);
        if (bad >= 0) {
            visitor.fatal(new DataError(fileName, lineOf(bytes, bad), DataError.LINE_FIELD,
                    "invalid UTF-8 at byte " + (bad - lineStart(bytes, bad) + 1) + " of the line"));
            return;
        }
        try (JsonParser parser = Json.MAPPER.createParser(bytes)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_ARRAY) {
                visitor.fatal(new DataError(fileName, Math.max(1, parser.currentTokenLocation().getLineNr()),
                        DataError.LINE_FIELD, "expected a JSON array of objects, got "
                        + (first == null ? "an empty file" : first.asString() == null ? first.name() : "'" + first.asString() + "'")));
                return;
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                if (token == null) {
                    visitor.fatal(new DataError(fileName, parser.currentLocation().getLineNr(),
                            DataError.LINE_FIELD, "malformed JSON: the array is not closed"));
                    return;
                }
                long line = parser.currentTokenLocation().getLineNr();
                long startByte = parser.currentTokenLocation().getByteOffset();
                JsonNode node = parser.readValueAsTree();
                long size = parser.currentLocation().getByteOffset() - startByte;
                if (size > Limits.MAX_RECORD_BYTES) {
                    visitor.error(new DataError(fileName, line, DataError.LINE_FIELD,
                            "record is longer than the " + Limits.MAX_RECORD_BYTES + "-byte bound"));
                } else if (node instanceof ObjectNode object) {
                    visitor.record(new SourceRecord(line, object, false));
                } else {
                    visitor.error(new DataError(fileName, line, DataError.LINE_FIELD,
                            "expected a JSON object, got " + JsonTypes.describe(node)));
                }
            }
            if (parser.nextToken() != null) {
                visitor.fatal(new DataError(fileName, parser.currentTokenLocation().getLineNr(),
                        DataError.LINE_FIELD, "malformed JSON: unexpected content after the array"));
            }
        } catch (JsonProcessingException e) {
            long line = e.getLocation() == null ? 1 : Math.max(1, e.getLocation().getLineNr());
            visitor.fatal(new DataError(fileName, line, DataError.LINE_FIELD,
                    "malformed JSON: " + JsonTypes.messageOf(e)));
        }
    }

    /** Byte offset of the first byte that is not valid UTF-8, or -1. */
    private static int firstInvalidUtf8(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(1 << 16);
        while (true) {
            CoderResult result = decoder.decode(in, out, true);
            if (result.isError()) {
                return in.position();
            }
            if (result.isOverflow()) {
                out.clear();
                continue;
            }
            return -1;
        }
    }

    private static long lineOf(byte[] bytes, int offset) {
        long line = 1;
        for (int i = 0; i < offset; i++) {
            if (bytes[i] == '\n') {
                line++;
            }
        }
        return line;
    }

    private static int lineStart(byte[] bytes, int offset) {
        int i = offset;
        while (i > 0 && bytes[i - 1] != '\n') {
            i--;
        }
        return i;
    }
}
