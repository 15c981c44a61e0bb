package org.ktoworkbench.model.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads physical lines ({@code \n} or {@code \r\n}) as bytes and decodes each with a strict UTF-8
 * decoder, so invalid bytes are reported with their line instead of silently replaced. Lines over
 * {@link Limits#MAX_RECORD_BYTES} are skipped without being held in memory. A UTF-8 byte order mark
 * at the start of the file is dropped.
 */
final class PhysicalLineReader {

    /** One line: {@code problem} is null when {@code text} is exact; else text is best effort or null. */
    record Line(long number, String text, String problem) {
    }

    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final byte[] buffer = new byte[1 << 16];
    private int position;
    private int limit;
    private byte[] line = new byte[1024];
    private CharBuffer chars = CharBuffer.allocate(1024);
    private long lineNumber;

    PhysicalLineReader(InputStream in) {
        this.in = in;
    }

    /** The next line, or null at end of file. */
    Line next() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean sawBytes = false;
        while (true) {
            if (position == limit) {
                limit = Math.max(in.read(buffer), 0);
                position = 0;
                if (limit == 0) {
                    if (!sawBytes) {
                        return null;
                    }
                    break;
                }
            }
            sawBytes = true;
            int newline = -1;
            for (int i = position; i < limit; i++) {
                if (buffer[i] == '\n') {
                    newline = i;
                    break;
                }
            }
            int end = newline < 0 ? limit : newline;
            int chunk = end - position;
            if (!tooLong) {
                // +1 leaves room for a trailing \r that is not part of the line
                if (length + chunk > Limits.MAX_RECORD_BYTES + 1) {
                    tooLong = true;
                } else {
                    ensureLineCapacity(length + chunk);
                    System.arraycopy(buffer, position, line, length, chunk);
                    length += chunk;
                }
            }
            position = newline < 0 ? limit : newline + 1;
            if (newline >= 0) {
                break;
            }
        }
        lineNumber++;
        if (!tooLong && length > 0 && line[length - 1] == '\r') {
            length--;
        }
        if (tooLong || length > Limits.MAX_RECORD_BYTES) {
            return new Line(lineNumber, null,
                    "line is longer than the " + Limits.MAX_RECORD_BYTES + "-byte bound");
        }
        int start = 0;
        if (lineNumber == 1 && length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB
                && (line[2] & 0xFF) == 0xBF) {
            start = 3;
        }
        return decode(start, length);
    }

    private Line decode(int start, int end) {
        ByteBuffer bytes = ByteBuffer.wrap(line, start, end - start);
        if (chars.capacity() < end - start) {
            chars = CharBuffer.allocate(end - start);
        }
        chars.clear();
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isError()) {
            int badByte = bytes.position() - start + 1;
            String bestEffort = new String(line, start, end - start, StandardCharsets.UTF_8);
            return new Line(lineNumber, bestEffort, "invalid UTF-8 at byte " + badByte + " of the line");
        }
        decoder.flush(chars);
        chars.flip();
        return new Line(lineNumber, chars.toString(), null);
    }

    private void ensureLineCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.max(needed, line.length * 2));
        }
    }
}
