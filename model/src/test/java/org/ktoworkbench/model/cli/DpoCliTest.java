package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --loss-type DPO}: on the embedded paired task end to end, and refused before any import without pairs. */
class DpoCliTest {
    private static final List<String> TINY = List.of("--sft-steps", "4", "--steps", "6", "--eval-every", "3",
            "--eval-prompts", "5", "--checkpoint-every", "0", "--layers", "1", "--d-model", "16", "--heads", "2",
            "--context", "24", "--batch", "4");

    @TempDir
    Path dir;

    private CliRunner.Result train(String... flags) {
        List<String> args = new ArrayList<>(List.of("train", "--workspace", dir.resolve("ws").toString()));
        args.addAll(TINY);
        args.addAll(List.of(flags));
        return CliRunner.run(args.toArray(String[]::new));
    }

    @Test
    void dpoOnTheEmbeddedPairsImportsThemAndTrains() {
        CliRunner.Result run = train("--loss-type", "DPO", "--dataset", "arithmetic-pairs");
        assertEquals(0, run.code(), run.out() + run.err());
        assertTrue(run.out().contains("imported the embedded sample dataset as 'arithmetic-pairs'"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("kto run \\d+ completed after 6 steps")), run.out());
        assertTrue(run.out().contains("eval @ step 6:  winrate"), run.out());
        assertTrue(!run.out().contains("warning: "), "no λ balance warning: DPO weighs no side\n" + run.out());
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            var dpo = ws.runs().listRuns().stream().filter(r -> r.name().startsWith("dpo ")).findFirst().orElseThrow();
            assertTrue(dpo.configJson().contains("\"lossType\" : \"DPO\""), dpo.configJson());
            assertTrue(ws.runs().metrics(dpo.id()).stream().anyMatch(p -> p.name().equals("rewards/accuracies")));
        }
    }

    @Test
    void dpoOnTheDefaultUnpairedTaskIsRefusedBeforeItIsImported() throws IOException {
        CliRunner.Result run = train("--loss-type", "DPO");
        assertEquals(1, run.code(), run.out());
        assertTrue(run.err().startsWith("error: dataset 'arithmetic-kto' has no preference pairs for DPO (0 of its 2,556"
                + " rows have a pair_id;"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertNothingMade();
    }

    @Test
    void dpoOnAFileWithoutCompletePairsIsRefusedBeforeItIsImported() throws IOException {
        Path file = Files.writeString(dir.resolve("half.jsonl"),
                "{\"prompt\":\"inc 12=\",\"completion\":\"23\",\"label\":true,\"pair_id\":\"a\"}\n"
                        + "{\"prompt\":\"inc 13=\",\"completion\":\"13\",\"label\":false,\"pair_id\":\"a\"}\n"
                        + "{\"prompt\":\"inc 14=\",\"completion\":\"25\",\"label\":true}\n");
        CliRunner.Result run = train("--loss-type", "DPO", "--dataset", file.toString());
        assertEquals(1, run.code(), run.out());
        assertTrue(run.err().startsWith("error: " + file + " has no preference pairs for DPO (2 of its 3 rows have a"
                + " pair_id;"), run.err());
        assertNothingMade();
    }

    @Test
    void dpoOnAnUnpairedDatasetInTheWorkspaceIsRefusedBeforeARunIsMade() {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            SampleWorkspace.ensureSampleDataset(ws);
        }
        CliRunner.Result run = train("--loss-type", "DPO");
        assertEquals(1, run.code(), run.out());
        assertTrue(run.err().startsWith("error: dataset 'arithmetic-kto' has no preference pairs for DPO in its train"
                + " split (0 of its "), run.err());
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            assertTrue(ws.runs().listRuns().isEmpty(), "no run was made");
        }
    }

    private void assertNothingMade() {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            assertTrue(ws.datasets().list().isEmpty(), "nothing was imported");
            assertTrue(ws.runs().listRuns().isEmpty(), "no run was made");
        }
    }
}
