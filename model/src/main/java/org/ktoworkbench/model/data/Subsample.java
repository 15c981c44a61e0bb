package org.ktoworkbench.model.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The paper's imbalance experiment: keep only a fraction of the rows with one label, chosen by a
 * seeded {@link StableHash} of the row's position; rows with the other label all stay.
 */
public final class Subsample {
    private Subsample() {
    }

    /**
     * @param labels    the label of each row, in dataset order
     * @param desirable which side to thin out
     * @return for each row, whether it is kept; exactly round(keepFraction · n_side) of that side are
     */
    public static boolean[] keep(boolean[] labels, boolean desirable, double keepFraction, long seed) {
        if (!(keepFraction >= 0 && keepFraction <= 1)) {
            throw new IllegalArgumentException("keep fraction must be in [0, 1], got " + keepFraction);
        }
        int[] side = IntStream.range(0, labels.length).filter(i -> labels[i] == desirable).toArray();
        int count = (int) Math.round(keepFraction * side.length);
        Integer[] ranked = Arrays.stream(side).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> StableHash.of(i, seed)).thenComparing(i -> i))
                .toArray(Integer[]::new);
        boolean[] keep = new boolean[labels.length];
        for (int i = 0; i < labels.length; i++) {
            keep[i] = labels[i] != desirable;
        }
        for (int i = 0; i < count; i++) {
            keep[ranked[i]] = true;
        }
        return keep;
    }
}
