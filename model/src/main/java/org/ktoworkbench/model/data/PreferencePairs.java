package org.ktoworkbench.model.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * The preference pairs among unpaired rows, for DPO: a pair is a {@code pair_id} held by exactly two rows, one
 * desirable and one undesirable, with the same prompt. That is what the import makes of a paired row (TRL's
 * prompt/chosen/rejected and HH-RLHF files); rows of an unpaired file keep whatever pair_id column it has, and only
 * the ids that meet all three conditions count as pairs. Because a pair's two rows share their prompt and the eval
 * split is by prompt ({@link PromptSplit}), both rows of a pair always land on the same side of the split.
 *
 * <p>Pairs are numbered in the order their first row comes; each names its rows by their index in the list given.
 */
public final class PreferencePairs {
    private final int[] chosen;
    private final int[] rejected;
    private final long rowsWithPairId;

    private PreferencePairs(int[] chosen, int[] rejected, long rowsWithPairId) {
        this.chosen = chosen;
        this.rejected = rejected;
        this.rowsWithPairId = rowsWithPairId;
    }

    /** The pairs among {@code rows}, by index in that list. */
    public static PreferencePairs of(List<Example> rows) {
        Builder builder = new Builder();
        for (int i = 0; i < rows.size(); i++) {
            Example e = rows.get(i);
            builder.add(i, e.pairId(), e.prompt(), e.desirable());
        }
        return builder.build();
    }

    /** Number of complete pairs. */
    public int size() {
        return chosen.length;
    }

    /** Rows that carry a pair_id, complete pairs or not. */
    public long rowsWithPairId() {
        return rowsWithPairId;
    }

    /** The desirable row of each of {@code pairs}. */
    public int[] chosen(int[] pairs) {
        return Arrays.stream(pairs).map(p -> chosen[p]).toArray();
    }

    /** The undesirable row of each of {@code pairs}. */
    public int[] rejected(int[] pairs) {
        return Arrays.stream(pairs).map(p -> rejected[p]).toArray();
    }

    /**
     * The same pairs over other row numbers: {@code newIndex} gives a row's new index, or a negative number for a row
     * that is gone (a tokenization dropped it); a pair with a row gone is left out.
     */
    public PreferencePairs remapped(IntUnaryOperator newIndex) {
        int[] c = new int[chosen.length];
        int[] r = new int[rejected.length];
        int kept = 0;
        for (int p = 0; p < chosen.length; p++) {
            int newChosen = newIndex.applyAsInt(chosen[p]);
            int newRejected = newIndex.applyAsInt(rejected[p]);
            if (newChosen >= 0 && newRejected >= 0) {
                c[kept] = newChosen;
                r[kept] = newRejected;
                kept++;
            }
        }
        return new PreferencePairs(Arrays.copyOf(c, kept), Arrays.copyOf(r, kept), rowsWithPairId);
    }

    /** Collects rows one at a time (a file being read, say) and finds the pairs among them. */
    public static final class Builder {
        private final Map<String, Group> groups = new LinkedHashMap<>();
        private long rowsWithPairId;

        /** Row {@code index}; a row without a pair id ({@code pairId} null) is in no pair. */
        public void add(int index, String pairId, String prompt, boolean desirable) {
            if (pairId == null) return;
            rowsWithPairId++;
            Group group = groups.get(pairId);
            if (group == null) {
                groups.put(pairId, new Group(index, prompt, desirable));
                return;
            }
            if (++group.rows == 2) {
                group.second = index;
                group.samePrompt = group.prompt.equals(prompt);
                group.differentLabels = group.firstDesirable != desirable;
            }
        }

        public PreferencePairs build() {
            int[] c = new int[groups.size()];
            int[] r = new int[groups.size()];
            int n = 0;
            for (Group g : groups.values()) {
                if (g.rows == 2 && g.samePrompt && g.differentLabels) {
                    c[n] = g.firstDesirable ? g.first : g.second;
                    r[n] = g.firstDesirable ? g.second : g.first;
                    n++;
                }
            }
            return new PreferencePairs(Arrays.copyOf(c, n), Arrays.copyOf(r, n), rowsWithPairId);
        }

        private static final class Group {
            final int first;
            final String prompt;
            final boolean firstDesirable;
            int rows = 1;
            int second = -1;
            boolean samePrompt;
            boolean differentLabels;

            Group(int first, String prompt, boolean firstDesirable) {
                this.first = first;
                this.prompt = prompt;
                this.firstDesirable = firstDesirable;
            }
        }
    }
}
