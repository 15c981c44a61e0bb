package org.ktoworkbench.model.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.sample.SampleData;
import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.Split;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which rows make preference pairs, and that a split by prompt never separates a pair's rows. */
class PreferencePairsTest {
    private static Example row(String prompt, String completion, boolean desirable, String pairId) {
        return new Example(prompt, completion, desirable, pairId);
    }

    @Test
    void aPairIsTwoRowsOfOnePairIdAndPromptWithBothLabels() {
        List<Example> rows = List.of(
                row("p1", "bad", false, "a"),        // 0  pair a, rejected first
                row("p2", "good", true, "b"),        // 1  pair b
                row("p1", "good", true, "a"),        // 2  pair a
                row("p3", "x", true, null),          // 3  no pair id
                row("p2", "bad", false, "b"),        // 4  pair b
                row("p4", "good", true, "c"),        // 5  c: both desirable
                row("p4", "also good", true, "c"),   // 6
                row("p5", "good", true, "d"),        // 7  d: three rows
                row("p5", "bad", false, "d"),        // 8
                row("p5", "worse", false, "d"),      // 9
                row("p6", "good", true, "e"),        // 10 e: two prompts
                row("p7", "bad", false, "e"),        // 11
                row("p8", "alone", true, "f"));      // 12 f: one row

        PreferencePairs pairs = PreferencePairs.of(rows);

        assertEquals(2, pairs.size());
        assertArrayEquals(new int[] {2, 1}, pairs.chosen(new int[] {0, 1}), "pairs in the order their first row comes");
        assertArrayEquals(new int[] {0, 4}, pairs.rejected(new int[] {0, 1}));
        assertArrayEquals(new int[] {4, 0}, pairs.rejected(new int[] {1, 0}));
        assertEquals(12, pairs.rowsWithPairId());
    }

    @Test
    void remappingDropsThePairsThatLostARow() {
        List<Example> rows = List.of(row("p1", "good", true, "a"), row("p1", "bad", false, "a"),
                row("p2", "good", true, "b"), row("p2", "bad", false, "b"));
        int[] newIndex = {-1, 0, 1, 2}; // row 0 was dropped (say its prompt filled the max length)

        PreferencePairs kept = PreferencePairs.of(rows).remapped(i -> newIndex[i]);

        assertEquals(1, kept.size());
        assertArrayEquals(new int[] {1}, kept.chosen(new int[] {0}));
        assertArrayEquals(new int[] {2}, kept.rejected(new int[] {0}));
    }

    /** The imported paired files: every pair is found whole on one side of the split, for several split seeds. */
    @Test
    void noSplitByPromptSeparatesAPairOfTheImportedPairedFiles(@TempDir Path dir) {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            for (String file : List.of(SampleData.PAIRED, SampleData.ARITHMETIC_PAIRS)) {
                Path copy = SampleData.copyTo(file, dir.resolve(file));
                String name = ws.datasets().importFile(copy, ImportOptions.strict(null)).dataset().name();
                int all = PreferencePairs.of(ws.datasets().examples(name)).size();
                assertEquals(ws.datasets().get(name).rows() / 2, all, file + ": every row is in a pair");
                for (long seed = 0; seed < 5; seed++) {
                    ws.datasets().split(name, 0.3, seed);
                    int train = PreferencePairs.of(ws.datasets().examples(name, Split.TRAIN)).size();
                    int eval = PreferencePairs.of(ws.datasets().examples(name, Split.EVAL)).size();
                    assertEquals(all, train + eval, file + " split with seed " + seed);
                }
            }
        }
    }
}
