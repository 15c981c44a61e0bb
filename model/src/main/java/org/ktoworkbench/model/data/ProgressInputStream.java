package org.ktoworkbench.model.data;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;

/** Counts the bytes read through it and reports the running total at most once per {@link #REPORT_EVERY} bytes. */
final class ProgressInputStream extends FilterInputStream {
    static final long REPORT_EVERY = 1 << 20;

    private final LongConsumer bytesRead;
    private long total;
    private long reported;

    ProgressInputStream(InputStream in, LongConsumer bytesRead) {
        super(in);
        this.bytesRead = bytesRead;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) advance(1);
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) advance(n);
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        advance(skipped);
        return skipped;
    }

    private void advance(long n) {
        total += n;
        if (total - reported >= REPORT_EVERY) {
            reported = total;
            bytesRead.accept(total);
        }
    }
}
