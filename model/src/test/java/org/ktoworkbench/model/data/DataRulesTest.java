package org.ktoworkbench.model.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Balance check, split, subsample, hashing and statistics: the rules, without a workspace. */
class DataRulesTest {

    @Test
    void balanceCheckRatioRangeAndSuggestedLambda() {
        BalanceCheck even = BalanceCheck.of(100, 100, 1, 1);
        assertEquals(1.0, even.ratio());
        assertTrue(even.inRange());

        // the paper's imbalance case: few desirable rows need a larger λ_D
        BalanceCheck scarce = BalanceCheck.of(10, 100, 1, 1);
        assertEquals(0.1, scarce.ratio(), 1e-12);
        assertFalse(scarce.inRange());
        assertEquals(10.0, scarce.lambdaDLow(), 1e-12);
        assertEquals(40.0 / 3, scarce.lambdaDHigh(), 1e-12);
        assertTrue(BalanceCheck.of(10, 100, scarce.lambdaDLow(), 1).inRange());
        assertTrue(BalanceCheck.of(10, 100, scarce.lambdaDHigh(), 1).inRange());
        assertFalse(BalanceCheck.of(10, 100, scarce.lambdaDHigh() * 1.01, 1).inRange());
        assertTrue(scarce.message().contains("3/2"), scarce.message());

        BalanceCheck none = BalanceCheck.of(0, 5, 1, 1);
        assertFalse(none.inRange());
        assertTrue(none.message().contains("no desirable rows"));
        assertThrows(IllegalArgumentException.class, () -> BalanceCheck.of(1, 1, 0, 1));
    }

    @Test
    void stableHashIsPinned() {
        // fixed values: the split must be the same on every machine and in every version
        assertEquals(StableHash.of("What is 2+2?", 1), StableHash.of("What is 2+2?", 1));
        assertNotEquals(StableHash.of("What is 2+2?", 1), StableHash.of("What is 2+2?", 2));
        // reference values from an independent implementation (Python) of FNV-1a 64 + SplitMix64
        assertEquals(5601712094627560676L, StableHash.of("What is 2+2?", 1));
        assertEquals(3804680438941399776L, StableHash.of("é", 7));
    }

    private static List<String> reversed(List<String> list) {
        List<String> copy = new ArrayList<>(list);
        java.util.Collections.reverse(copy);
        return copy;
    }

    @Test
    void promptSplitIsExactAndSeeded() {
        List<String> prompts = IntStream.range(0, 1000).mapToObj(i -> "prompt " + i).toList();
        Set<String> a = PromptSplit.evalPrompts(prompts, 0.1, 42);
        assertEquals(100, a.size());
        assertEquals(a, PromptSplit.evalPrompts(reversed(prompts), 0.1, 42), "order does not matter");
        assertNotEquals(a, PromptSplit.evalPrompts(prompts, 0.1, 43));
        assertEquals(1, PromptSplit.evalPrompts(List.of("a", "b"), 0.01, 1).size(), "at least one eval prompt");
        assertEquals(1, PromptSplit.evalPrompts(List.of("a", "b"), 0.99, 1).size(), "at least one train prompt");
        assertTrue(PromptSplit.evalPrompts(prompts, 0, 1).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> PromptSplit.evalPrompts(prompts, 1.5, 1));
    }

    @Test
    void subsampleKeepsExactlyTheFractionOfOneSide() {
        boolean[] labels = new boolean[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 2 == 0;
        }
        boolean[] keep = Subsample.keep(labels, true, 0.1, 5);
        int desirable = 0;
        int undesirable = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                if (labels[i]) {
                    desirable++;
                } else {
                    undesirable++;
                }
            }
        }
        assertEquals(50, desirable);
        assertEquals(500, undesirable);
        assertTrue(java.util.Arrays.equals(keep, Subsample.keep(labels, true, 0.1, 5)));
        assertFalse(java.util.Arrays.equals(keep, Subsample.keep(labels, true, 0.1, 6)));
    }

    @Test
    void statisticsCountBothKindsDuplicatesAndConflicts() {
        List<Example> rows = List.of(
                new Example("p1", "good", true), new Example("p1", "bad", false),
                new Example("p1", "good", true), // duplicate
                new Example("p2", "same", true), new Example("p2", "same", false), // conflict
                new Example("p3", "only", false));
        DatasetStatistics s = DatasetStatistics.of(rows);
        assertEquals(6, s.rows());
        assertEquals(3, s.desirable());
        assertEquals(3, s.undesirable());
        assertEquals(3, s.distinctPrompts());
        assertEquals(2, s.promptsWithBoth());
        assertEquals(1, s.duplicateRows());
        assertEquals(2, s.conflictingRows());
        assertEquals(4, s.completionDesirable().median());
        assertEquals(List.of(3L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L), s.completionDesirable().histogram());
    }

    @Test
    void lengthStatsPercentilesAndBuckets() {
        LengthStats l = LengthStats.of(new int[]{5, 1, 20, 3000, 100, 7, 7, 64, 15, 16});
        assertEquals(1, l.min());
        assertEquals(15, l.median());
        assertEquals(100, l.p90());
        assertEquals(3000, l.max());
        assertEquals(List.of(5L, 2L, 0L, 2L, 0L, 0L, 0L, 0L, 1L, 0L), l.histogram());
        assertEquals(0, LengthStats.of(new int[0]).count());
    }
}
