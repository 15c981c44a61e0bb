package org.ktoworkbench.model.data;

import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The paper's data ablations: keep only a fraction of the rows with one label (the imbalance experiment), or one row
 * per prompt (its one-y-per-x experiment), chosen by a seeded {@link StableHash} of the row's position.
 */
public final class Subsample {
    private Subsample() {
    }

    /** Which rows of a dataset a subsample keeps, and how its source reads. */
    public interface Rule {
        boolean[] keep(List<DatasetRow> rows);

        String describe(String source);
    }

    /** Only {@code keepFraction} of one label's rows; the other label's all stay. */
    public static Rule fraction(boolean desirable, double keepFraction, long seed) {
        return new Rule() {
            @Override
            public boolean[] keep(List<DatasetRow> rows) {
                boolean[] labels = new boolean[rows.size()];
                for (int i = 0; i < labels.length; i++) labels[i] = rows.get(i).desirable();
                return Subsample.keep(labels, desirable, keepFraction, seed);
            }

            @Override
            public String describe(String source) {
                return String.format(Locale.ROOT, "subsample of %s: %s %s rows kept, seed %d", source, keepFraction,
                        desirable ? "desirable" : "undesirable", seed);
            }
        };
    }

    /** One row per distinct prompt, whichever its label, chosen by seed. */
    public static Rule onePerPrompt(long seed) {
        return new Rule() {
            @Override
            public boolean[] keep(List<DatasetRow> rows) {
                List<String> prompts = rows.stream().map(r -> r.prompt().text()).toList();
                return onePerPrompt(prompts, seed);
            }

            @Override
            public String describe(String source) {
                return String.format(Locale.ROOT, "subsample of %s: one row per prompt, seed %d", source, seed);
            }
        };
    }

    /** For each distinct prompt, the one of its rows with the smallest seeded hash of its position. */
    public static boolean[] onePerPrompt(List<String> prompts, long seed) {
        Map<String, Integer> chosen = new HashMap<>();
        for (int i = 0; i < prompts.size(); i++) {
            int row = i;
            chosen.merge(prompts.get(i), i, (a, b) -> Long.compareUnsigned(StableHash.of(a, seed), StableHash.of(row, seed)) <= 0 ? a : b);
        }
        boolean[] keep = new boolean[prompts.size()];
        for (int i : chosen.values()) keep[i] = true;
        return keep;
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
