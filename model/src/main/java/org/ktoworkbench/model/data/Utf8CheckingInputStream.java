package org.ktoworkbench.model.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Passes bytes through while checking, with a strict decoder, that they are UTF-8; the first bad byte
 * ends the stream with an {@link InvalidUtf8Exception} naming its line and its byte within the line.
 * A parser reading through it (Jackson reads ahead) learns of the bad byte before parsing the bytes
 * around it, as when the whole file was checked first, without holding the file in memory.
 */
final class Utf8CheckingInputStream extends FilterInputStream {

    /** The first byte that is not UTF-8: on which line, and which byte of that line (1-based). */
    static final class InvalidUtf8Exception extends IOException {
        final long line;
        final long byteOfLine;

        InvalidUtf8Exception(long line, long byteOfLine) {
            super("invalid UTF-8 at byte " + byteOfLine + " of line " + line);
            this.line = line;
            this.byteOfLine = byteOfLine;
        }
    }

    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    private final CharBuffer sink = CharBuffer.allocate(1 << 14);
    /** The bytes being checked: an incomplete sequence carried over from the last read, then the new bytes. */
    private ByteBuffer pending = ByteBuffer.allocate(1 << 14);
    /** Absolute offset of {@code pending}'s first byte. */
    private long pendingOffset;
    private long line = 1;
    private long lineStart;

    Utf8CheckingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        check(b, off, Math.max(n, 0), n < 0);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported while checking UTF-8");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check(byte[] b, int off, int n, boolean end) throws IOException {
        if (pending.remaining() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(pending.position() + n);
            pending.flip();
            bigger.put(pending);
            pending = bigger;
        }
        pending.put(b, off, n);
        pending.flip();
        while (true) {
            int before = pending.position();
            CoderResult result = decoder.decode(pending, sink, end);
            countLines(before, pending.position());
            if (result.isError()) {
                throw new InvalidUtf8Exception(line, pendingOffset + pending.position() - lineStart + 1);
            }
            if (result.isOverflow()) {
                sink.clear();
                continue;
            }
            break;
        }
        sink.clear();
        // keep an incomplete sequence at the end for the next read
        pendingOffset += pending.position();
        pending.compact();
    }

    private void countLines(int from, int to) {
        byte[] bytes = pending.array();
        for (int i = from; i < to; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = pendingOffset + i + 1;
            }
        }
    }
}
