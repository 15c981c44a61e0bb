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

    /**
     * One line: its bytes (a copy, without line break or byte order mark) and {@code problem}, null when the
     * bytes are valid UTF-8 within the bound; a line over the bound has no bytes.
     */
    record Line(long number, byte[] bytes, String problem) {
        /** The line as text: exact when there is no problem, else best effort (invalid bytes replaced) or null. */
        String text() {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }

        /** True when the line holds nothing but white space. */
        boolean isBlank() {
            for (byte b : bytes) {
                if (b < 0) {
                    return text().isBlank(); // non-ASCII: let String judge Unicode white space
                }
                if (!Character.isWhitespace(b)) {
                    return false;
                }
            }
            return true;
        }
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
        byte[] bytes = Arrays.copyOfRange(line, start, end);
        int bad = firstInvalidByte(bytes);
        if (bad >= 0) {
            return new Line(lineNumber, bytes, "invalid UTF-8 at byte " + (bad + 1) + " of the line");
        }
        return new Line(lineNumber, bytes, null);
    }

    /** Index of the first byte that is not UTF-8, or -1; ASCII (most lines) is checked without decoding. */
    private int firstInvalidByte(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && bytes[i] >= 0) {
            i++;
        }
        if (i == bytes.length) {
            return -1;
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        if (chars.capacity() < bytes.length) {
            chars = CharBuffer.allocate(bytes.length);
        }
        chars.clear();
        decoder.reset();
        return decoder.decode(in, chars, true).isError() ? in.position() : -1;
    }

    private void ensureLineCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.max(needed, line.length * 2));
        }
    }
}
