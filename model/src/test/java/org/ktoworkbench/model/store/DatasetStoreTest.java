package org.ktoworkbench.model.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.data.DatasetStatistics;
import org.ktoworkbench.model.data.Example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetStoreTest {
    @TempDir
    Path dir;
    Workspace ws;

    /** 200 rows over 50 prompts, 4 rows each (rows 0,1 desirable; 2,3 undesirable), plus one duplicate. */
    @BeforeEach
    void dataset() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < 50; p++) {
            for (int k = 0; k < 4; k++) {
                text.append("{\"prompt\":\"question number ").append(p).append("\",\"completion\":\"answer ")
                        .append(k).append(k == 0 && p == 3 ? " zebra" : "").append("\",\"label\":").append(k < 2).append("}\n");
            }
        }
        text.append("{\"prompt\":\"question number 0\",\"completion\":\"answer 0\",\"label\":true}\n");
        ws = Workspace.open(dir.resolve("ws"));
        ws.datasets().importFile(WorkspaceFixture.write(dir, "qa.jsonl", text.toString()), ImportOptions.strict(null));
    }

    @org.junit.jupiter.api.AfterEach
    void close() {
        ws.close();
    }

    @Test
    void importUsesTheFileNameAndCounts() {
        DatasetInfo d = ws.datasets().get("qa");
        assertEquals(201, d.rows());
        assertEquals(101, d.desirable());
        assertEquals(100, d.undesirable());
        assertEquals("unpaired", d.format());
        assertNull(d.evalFraction());
        StoreException e = assertThrows(StoreException.class, () -> ws.datasets().get("nope"));
        assertTrue(e.getMessage().contains("known: qa"), e.getMessage());
    }

    @Test
    void anImportBegunBeforeItsWorkspaceOpenedStoresTheSameRows() throws IOException {
        Path file = Files.writeString(dir.resolve("early.jsonl"), Files.readString(dir.resolve("qa.jsonl")));
        Path other = dir.resolve("other");
        ImportReport report;
        try (StartedImport started = StartedImport.begin(file, ImportOptions.strict(null), ImportProgress.NONE);
             Workspace late = Workspace.open(other)) {
            report = late.datasets().importFile(started);
            assertEquals(ws.datasets().examples("qa"), late.datasets().examples("early"));
        }
        assertEquals(201, report.dataset().rows());
        assertEquals(101, report.dataset().desirable());
    }

    @Test
    void statistics() {
        DatasetStatistics s = ws.datasets().statistics("qa");
        assertEquals(50, s.distinctPrompts());
        assertEquals(50, s.promptsWithBoth());
        assertEquals(1, s.duplicateRows());
        assertEquals(0, s.conflictingRows());
        assertEquals(101, s.completionDesirable().count());
        assertEquals("answer 0".length(), s.completionDesirable().min());
        assertEquals("answer 0 zebra".length(), s.completionDesirable().max());
        assertEquals(101, s.completionDesirable().histogram().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void splitIsByPromptDeterministicAndStored() {
        SplitSummary summary = ws.datasets().split("qa", 0.2, 7);
        assertEquals(10, summary.evalPrompts());
        assertEquals(40, summary.trainPrompts());
        List<Example> train = ws.datasets().examples("qa", Split.TRAIN);
        List<Example> eval = ws.datasets().examples("qa", Split.EVAL);
        assertEquals(201, train.size() + eval.size());
        assertEquals(summary.evalRows(), eval.size());
        Set<String> trainPrompts = train.stream().map(Example::prompt).collect(Collectors.toSet());
        assertTrue(eval.stream().noneMatch(e -> trainPrompts.contains(e.prompt())), "an eval prompt is trained on");
        DatasetInfo d = ws.datasets().get("qa");
        assertEquals(0.2, d.evalFraction());
        assertEquals(7L, d.splitSeed());
        assertEquals(eval.size(), d.evalRows());
        assertEquals(eval.stream().filter(Example::desirable).count(), d.evalDesirable());
        assertEquals(train.stream().filter(Example::desirable).count(), d.trainDesirable());
        assertEquals(train.stream().filter(e -> !e.desirable()).count(), d.trainUndesirable());

        Set<String> evalPrompts = eval.stream().map(Example::prompt).collect(Collectors.toSet());
        ws.datasets().split("qa", 0.2, 8);
        Set<String> otherSeed = ws.datasets().examples("qa", Split.EVAL).stream().map(Example::prompt)
                .collect(Collectors.toSet());
        assertNotEquals(evalPrompts, otherSeed);
        ws.datasets().split("qa", 0.2, 7);
        assertEquals(evalPrompts, ws.datasets().examples("qa", Split.EVAL).stream().map(Example::prompt)
                .collect(Collectors.toSet()));
    }

    @Test
    void splitLikeCopiesTheOtherDatasetsEvalPromptsAndSplitsItsOwnPromptsBySeed() throws IOException {
        ws.datasets().split("qa", 0.2, 7);
        Set<String> qaEval = prompts(ws.datasets().examples("qa", Split.EVAL));
        // questions 0..29 shared with qa, 30..69 only here; qa's split of 30 prompts would differ from qa's own
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < 70; p++) {
            String q = p < 30 ? "question number " + p : "new question " + p;
            text.append("{\"prompt\":\"").append(q).append("\",\"chosen\":\"yes\",\"rejected\":\"no\"}\n");
        }
        ws.datasets().importFile(WorkspaceFixture.write(dir, "pairs.jsonl", text.toString()), ImportOptions.strict(null));
        assertThrows(StoreException.class, () -> ws.datasets().splitLike("qa", "pairs"), "pairs has no split yet");

        SplitSummary summary = ws.datasets().splitLike("pairs", "qa");
        Set<String> pairsEval = prompts(ws.datasets().examples("pairs", Split.EVAL));
        Set<String> pairsTrain = prompts(ws.datasets().examples("pairs", Split.TRAIN));
        for (int p = 0; p < 30; p++) {
            String q = "question number " + p;
            assertEquals(qaEval.contains(q), pairsEval.contains(q), q);
        }
        Set<String> ownEval = pairsEval.stream().filter(q -> q.startsWith("new")).collect(Collectors.toSet());
        assertEquals(8, ownEval.size(), "40 own prompts split by qa's fraction 0.2");
        assertEquals(pairsEval.size(), summary.evalPrompts());
        assertEquals(70, pairsEval.size() + pairsTrain.size());
        assertTrue(pairsEval.stream().noneMatch(pairsTrain::contains));
        DatasetInfo d = ws.datasets().get("pairs");
        assertEquals(0.2, d.evalFraction());
        assertEquals(7L, d.splitSeed());
    }

    private static Set<String> prompts(List<Example> rows) {
        return rows.stream().map(Example::prompt).collect(Collectors.toSet());
    }

    @Test
    void subsampleKeepsAFractionOfOneSide() {
        ws.datasets().split("qa", 0.2, 1);
        DatasetInfo d = ws.datasets().subsample("qa", "qa-10pct", true, 0.1, 3);
        assertEquals(10, d.desirable());
        assertEquals(100, d.undesirable());
        assertEquals(0.2, d.evalFraction());
        List<Example> kept = ws.datasets().examples("qa-10pct");
        List<Example> all = ws.datasets().examples("qa");
        assertTrue(all.containsAll(kept));
        ws.datasets().subsample("qa", "again", true, 0.1, 3);
        assertEquals(kept, ws.datasets().examples("again"), "same seed, same rows");
        List<Example> evalKept = ws.datasets().examples("qa-10pct", Split.EVAL);
        Set<String> evalPrompts = new HashSet<>(ws.datasets().examples("qa", Split.EVAL).stream().map(Example::prompt).toList());
        assertTrue(evalKept.stream().allMatch(e -> evalPrompts.contains(e.prompt())), "split carried over");
        assertEquals(evalKept.stream().filter(Example::desirable).count(), d.evalDesirable());
        assertThrows(StoreException.class, () -> ws.datasets().subsample("qa", "qa-10pct", true, 0.5, 1));
    }

    @Test
    void onePerPromptKeepsExactlyOneRowOfEveryPrompt() {
        ws.datasets().split("qa", 0.2, 1);
        List<Example> all = ws.datasets().examples("qa");
        Set<String> prompts = new HashSet<>(all.stream().map(Example::prompt).toList());
        DatasetInfo d = ws.datasets().subsample("qa", "qa-one", org.ktoworkbench.model.data.Subsample.onePerPrompt(5));
        List<Example> kept = ws.datasets().examples("qa-one");
        assertTrue(prompts.size() < all.size(), "the fixture repeats prompts");
        assertEquals(prompts.size(), d.rows());
        assertEquals(prompts, new HashSet<>(kept.stream().map(Example::prompt).toList()), "every prompt once");
        assertTrue(all.containsAll(kept));
        assertTrue(d.source().contains("one row per prompt, seed 5"), d.source());
        DatasetInfo other = ws.datasets().subsample("qa", "qa-one-7", org.ktoworkbench.model.data.Subsample.onePerPrompt(7));
        assertEquals(prompts.size(), other.rows());
    }

    @Test
    void fullTextSearch() {
        List<SearchHit> hits = ws.datasets().search("qa", "zebra", 10);
        assertEquals(1, hits.size());
        assertEquals(12, hits.get(0).ordinal());
        assertTrue(hits.get(0).completionSnippet().contains("[zebra]"));
        assertEquals(4, ws.datasets().search("qa", "number 17", 10).size(), "all words must match");
        assertEquals(10, ws.datasets().search("qa", "answer", 10).size(), "limit");
        assertTrue(ws.datasets().search("qa", "\"unbalanced AND OR (", 10).isEmpty(), "FTS syntax taken literally");
        assertThrows(IllegalArgumentException.class, () -> ws.datasets().search("qa", "  ", 10));
    }

    @Test
    void searchAsksForEveryTokenOfAWordAsFts5CutsIt(@TempDir Path other) throws IOException {
        Path file = other.resolve("words.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"prompt\":\"why don't cats fly\",\"completion\":\"they can't, café owner\",\"label\":true}",
                "{\"prompt\":\"don and t are apart here\",\"completion\":\"東京 station\",\"label\":false}",
                "{\"prompt\":\"x=17 is set\",\"completion\":\"done\",\"label\":true}") + "\n");
        ws.datasets().importFile(file, ImportOptions.strict("words"));
        // "don't" is the tokens don and t: both rows hold both (the index keeps no positions to ask for adjacency)
        assertEquals(List.of(0L, 1L), ordinals(ws.datasets().search("words", "don't", 10)));
        assertEquals(List.of(0L), ordinals(ws.datasets().search("words", "can't cafe", 10)), "diacritics folded");
        assertEquals(List.of(1L), ordinals(ws.datasets().search("words", "東京", 10)));
        assertEquals(List.of(2L), ordinals(ws.datasets().search("words", "x=17", 10)));
        assertTrue(ws.datasets().search("words", "== ( !", 10).isEmpty(), "punctuation alone matches nothing");
        assertTrue(ws.datasets().search("words", "don't", 10).get(0).promptSnippet().contains("[don]'[t]"),
                ws.datasets().search("words", "don't", 10).get(0).promptSnippet());
    }

    private static List<Long> ordinals(List<SearchHit> hits) {
        return hits.stream().map(SearchHit::ordinal).toList();
    }

    @Test
    void deleteRemovesRowsAndIndexEntries() {
        assertTrue(ws.datasets().delete("qa"));
        assertFalse(ws.datasets().delete("qa"));
        assertTrue(ws.datasets().list().isEmpty());
        ws.datasets().importFile(dir.resolve("qa.jsonl"), ImportOptions.strict("qa"));
        assertEquals(1, ws.datasets().search("qa", "zebra", 10).size());
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("ws").resolve(Workspace.DATABASE_FILE));
             java.sql.Statement s = c.createStatement()) {
            // FTS5 checks the index against the examples table and throws if they differ
            s.execute("INSERT INTO examples_fts (examples_fts, rank) VALUES ('integrity-check', 1)");
        } catch (java.sql.SQLException e) {
            throw new AssertionError("full-text index out of step with the examples: " + e.getMessage(), e);
        }
    }
}
