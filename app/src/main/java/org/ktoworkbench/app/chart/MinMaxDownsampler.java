package org.ktoworkbench.app.chart;

import java.util.Arrays;

/**
 * Reduces a curve to at most two points per bucket of the x range (its minimum and its maximum,
 * in step order), plus the first and last point. With one bucket per pixel column the drawn
 * line looks the same as the full one, spikes included, while the chart draws a bounded number
 * of points whatever the series length.
 */
public final class MinMaxDownsampler {
    private MinMaxDownsampler() {
    }

    /** Result arrays are trimmed to their length. */
    public record Sampled(double[] x, double[] y) {
        public int size() {
            return x.length;
        }
    }

    public static Sampled downsample(double[] x, double[] y, int size, int buckets) {
        if (buckets < 1) {
            throw new IllegalArgumentException("buckets must be >= 1: " + buckets);
        }
        if (size <= 2L * buckets + 2) {
            return new Sampled(Arrays.copyOf(x, size), Arrays.copyOf(y, size));
        }
        double x0 = x[0];
        double span = x[size - 1] - x0;
        double[] outX = new double[2 * buckets + 2];
        double[] outY = new double[2 * buckets + 2];
        int n = 0;
        outX[n] = x[0];
        outY[n++] = y[0];
        int i = 1;
        int last = size - 1;
        for (int b = 0; b < buckets && i < last; b++) {
            double bucketEnd = span <= 0 ? Double.POSITIVE_INFINITY : x0 + span * (b + 1) / buckets;
            int minAt = -1;
            int maxAt = -1;
            while (i < last && (x[i] < bucketEnd || b == buckets - 1)) {
                double v = y[i];
                if (Double.isFinite(v)) {
                    if (minAt < 0 || v < y[minAt]) {
                        minAt = i;
                    }
                    if (maxAt < 0 || v > y[maxAt]) {
                        maxAt = i;
                    }
                }
                i++;
            }
            if (minAt < 0) {
                continue;
            }
            int first = Math.min(minAt, maxAt);
            int second = Math.max(minAt, maxAt);
            outX[n] = x[first];
            outY[n++] = y[first];
            if (second != first) {
                outX[n] = x[second];
                outY[n++] = y[second];
            }
        }
        outX[n] = x[last];
        outY[n++] = y[last];
        return new Sampled(Arrays.copyOf(outX, n), Arrays.copyOf(outY, n));
    }
}
