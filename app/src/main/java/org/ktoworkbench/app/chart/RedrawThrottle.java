package org.ktoworkbench.app.chart;

import java.util.function.LongSupplier;

/**
 * Coalesces redraw requests so a chart redraws at most once per interval: the first request
 * after a quiet period gets a delay (zero if the last redraw is old enough), later requests
 * before that redraw runs are absorbed by it.
 */
public final class RedrawThrottle {
    private final long minIntervalNanos;
    private final LongSupplier clockNanos;
    private long lastRedrawNanos;
    private boolean everRedrawn;
    private boolean pending;

    public RedrawThrottle(long minIntervalNanos, LongSupplier clockNanos) {
        this.minIntervalNanos = minIntervalNanos;
        this.clockNanos = clockNanos;
    }

    /**
     * Asks for a redraw. Returns how many nanoseconds to wait before running it, or -1 when a
     * redraw is already scheduled and will include this change.
     */
    public long request() {
        if (pending) {
            return -1;
        }
        pending = true;
        if (!everRedrawn) {
            return 0;
        }
        long since = clockNanos.getAsLong() - lastRedrawNanos;
        return Math.max(0, minIntervalNanos - since);
    }

    /** Records that the scheduled redraw has just run. */
    public void redrawn() {
        pending = false;
        everRedrawn = true;
        lastRedrawNanos = clockNanos.getAsLong();
    }

    public boolean isPending() {
        return pending;
    }
}
