package org.ktoworkbench.app.control;

import java.util.Arrays;

/**
 * Equal-width bins over non-negative values (text lengths), with a bin width rounded to 1, 2 or 5
 * times a power of ten so the axis labels read well.
 */
public record Histogram(long binWidth, long[] counts) {

    public static Histogram of(int[] values, int size, int targetBins) {
        int max = 0;
        for (int i = 0; i < size; i++) {
            max = Math.max(max, values[i]);
        }
        long width = niceWidth(Math.max(1, (max + 1.0) / Math.max(1, targetBins)));
        long[] counts = new long[(int) (max / width) + 1];
        for (int i = 0; i < size; i++) {
            counts[(int) (values[i] / width)]++;
        }
        return new Histogram(width, counts);
    }

    static long niceWidth(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        for (int m : new int[] {1, 2, 5, 10}) {
            if (m * magnitude >= raw) {
                return Math.max(1, Math.round(m * magnitude));
            }
        }
        return Math.round(10 * magnitude);
    }

    public String binLabel(int bin) {
        return (bin * binWidth) + "–" + ((bin + 1) * binWidth - 1);
    }

    public long total() {
        return Arrays.stream(counts).sum();
    }
}
