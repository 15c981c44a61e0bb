package org.ktoworkbench.model.bench;

import java.util.Arrays;

/** Durations of repeated runs of one thing, in milliseconds. */
public record Timings(double[] millis) {

    public Timings {
        if (millis.length == 0) {
            throw new IllegalArgumentException("no timings");
        }
        millis = millis.clone();
    }

    public int count() {
        return millis.length;
    }

    public double best() {
        return Arrays.stream(millis).min().orElseThrow();
    }

    public double mean() {
        return Arrays.stream(millis).average().orElseThrow();
    }

    /** The middle value; the mean of the two middle values for an even count. */
    public double median() {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
