package org.ktoworkbench.model.data;

import java.util.Arrays;
import java.util.List;

/**
 * Length distribution in characters: summary numbers and a histogram over fixed power-of-two
 * buckets ({@link #BUCKET_LABELS}).
 */
public record LengthStats(long count, int min, int median, double mean, int p90, int max, List<Long> histogram) {

    /** Exclusive upper bounds of the buckets; the last bucket is open. */
    private static final int[] BUCKET_UPPER = {16, 32, 64, 128, 256, 512, 1024, 2048, 4096, Integer.MAX_VALUE};
    public static final List<String> BUCKET_LABELS = List.of("<16", "16-31", "32-63", "64-127", "128-255",
            "256-511", "512-1023", "1024-2047", "2048-4095", ">=4096");

    public static LengthStats of(int[] lengths) {
        Long[] buckets = new Long[BUCKET_UPPER.length];
        Arrays.fill(buckets, 0L);
        if (lengths.length == 0) {
            return new LengthStats(0, 0, 0, 0, 0, 0, List.of(buckets));
        }
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        long sum = 0;
        for (int length : sorted) {
            sum += length;
            int bucket = 0;
            while (length >= BUCKET_UPPER[bucket]) {
                bucket++;
            }
            buckets[bucket]++;
        }
        return new LengthStats(sorted.length, sorted[0], percentile(sorted, 0.5), (double) sum / sorted.length,
                percentile(sorted, 0.9), sorted[sorted.length - 1], List.of(buckets));
    }

    /** Nearest-rank percentile. */
    private static int percentile(int[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }
}
