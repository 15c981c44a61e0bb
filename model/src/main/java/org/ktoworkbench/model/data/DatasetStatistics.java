package org.ktoworkbench.model.data;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Counts and length distributions of a dataset. {@code duplicateRows}: rows whose prompt, completion
 * and label repeat an earlier row; {@code conflictingRows}: rows whose prompt and completion appear
 * elsewhere with the other label.
 */
public record DatasetStatistics(long rows, long desirable, long undesirable, long distinctPrompts,
                                long promptsWithBoth, long duplicateRows, long conflictingRows,
                                LengthStats promptDesirable, LengthStats promptUndesirable,
                                LengthStats completionDesirable, LengthStats completionUndesirable) {

    public static DatasetStatistics of(List<Example> examples) {
        Map<String, Integer> labelsByPrompt = new HashMap<>();
        Set<String> seenRows = new HashSet<>();
        Map<String, Integer> labelsByText = new HashMap<>();
        long duplicates = 0;
        int desirable = 0;
        for (Example e : examples) {
            int bit = e.desirable() ? 1 : 2;
            if (e.desirable()) {
                desirable++;
            }
            labelsByPrompt.merge(e.prompt(), bit, (a, b) -> a | b);
            String text = e.prompt() + '\u0000' + e.completion();
            if (!seenRows.add(text + '\u0000' + bit)) {
                duplicates++;
            }
            labelsByText.merge(text, bit, (a, b) -> a | b);
        }
        long conflicting = examples.stream()
                .filter(e -> labelsByText.get(e.prompt() + '\u0000' + e.completion()) == 3).count();
        long both = labelsByPrompt.values().stream().filter(bits -> bits == 3).count();
        int undesirable = examples.size() - desirable;
        return new DatasetStatistics(examples.size(), desirable, undesirable, labelsByPrompt.size(), both,
                duplicates, conflicting,
                lengths(examples, true, true, desirable), lengths(examples, true, false, undesirable),
                lengths(examples, false, true, desirable), lengths(examples, false, false, undesirable));
    }

    private static LengthStats lengths(List<Example> examples, boolean prompt, boolean desirable, int count) {
        int[] lengths = new int[count];
        int i = 0;
        for (Example e : examples) {
            if (e.desirable() == desirable) {
                lengths[i++] = (prompt ? e.prompt() : e.completion()).length();
            }
        }
        return LengthStats.of(lengths);
    }
}
