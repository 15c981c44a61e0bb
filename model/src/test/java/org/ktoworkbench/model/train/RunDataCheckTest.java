package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.ImportProgress;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Split;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run continues only on the train and eval rows it started with: resumes and KTO after its base check them. */
class RunDataCheckTest {
    private static final String DATASET = SampleWorkspace.DATASET;

    @TempDir
    Path dir;

    @Test
    void aRunDoesNotResumeOnAnotherSplitUntilTheSplitIsRestored() {
        RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 0, "steps", 8, "checkpointEvery", 2, "evalEvery", 0));
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir)) {
            long runId = cancelledAt(ws, config, 3);
            DatasetChanges.split(ws, DATASET, 0.3, 5);

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new Trainer(ws).resume(runId, event -> {}, new CancellationToken()));
            assertTrue(refused.getMessage().matches("run " + runId + " cannot resume: dataset 'arithmetic-kto' changed since"
                    + " the run started on it \\(then eval fraction 0\\.1, seed 0, \\d+ train and \\d+ eval rows; now eval"
                    + " fraction 0\\.3, seed 5, \\d+ train and \\d+ eval rows\\); split it as it was \\(split 'arithmetic-kto'"
                    + " --eval-fraction 0\\.1 --seed 0\\) to resume it, or start a new run"), refused.getMessage());
            assertEquals(RunStatus.CANCELLED, TrainingFixture.run(ws, runId).status(), "a refused resume changes nothing");
            assertEquals(2, ws.runs().latestCheckpoint(runId).orElseThrow().step());

            DatasetChanges.split(ws, DATASET, SampleWorkspace.EVAL_FRACTION, SampleWorkspace.SPLIT_SEED);
            List<RunSummary> resumed = new Trainer(ws).resume(runId, event -> {}, new CancellationToken());
            assertEquals(RunStatus.COMPLETED, resumed.get(0).status(), resumed.get(0).message());
        }
    }

    @Test
    void aRunDoesNotResumeOnReplacedRows() throws Exception {
        RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 0, "steps", 8, "checkpointEvery", 2, "evalEvery", 0));
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir)) {
            long runId = cancelledAt(ws, config, 3);
            // the same prompts and split settings, one label flipped
            List<Example> rows = ws.datasets().examples(DATASET);
            String jsonl = rows.stream().map(e -> "{\"prompt\":" + quote(e.prompt()) + ",\"completion\":" + quote(e.completion())
                    + ",\"label\":" + (e == rows.get(0) ? !e.desirable() : e.desirable()) + "}").collect(Collectors.joining("\n"));
            Path file = Files.writeString(dir.resolve("edited.jsonl"), jsonl);
            DatasetChanges.importWithEvalSplit(ws, file, ImportOptions.strict(DATASET).replacing(), ImportProgress.NONE);

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new Trainer(ws).resume(runId, event -> {}, new CancellationToken()));
            assertTrue(refused.getMessage().endsWith("its rows are not the ones the run started on: start a new run"),
                    refused.getMessage());
            assertEquals(RunStatus.CANCELLED, TrainingFixture.run(ws, runId).status());
        }
    }

    /** The window the in-use guard leaves open: the SFT phase has ended, its KTO run is not made yet. */
    @Test
    void theKtoPhaseDoesNotStartOnAnotherSplitThanItsSftBaseTrainedOn() {
        RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 4, "steps", 4, "evalEvery", 0));
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir)) {
            RunListener splitAfterSft = event -> {
                if (event instanceof RunEvent.Status s && s.phase() == RunEvent.Phase.SFT && s.status() == RunStatus.COMPLETED) {
                    DatasetChanges.split(ws, DATASET, 0.5, 1);
                }
            };
            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new Trainer(ws).train(config, null, splitAfterSft, new CancellationToken()));
            List<RunInfo> runs = ws.runs().listRuns();
            assertEquals(1, runs.size(), "no KTO run was made: " + runs);
            assertEquals(RunStatus.COMPLETED, runs.get(0).status());
            assertTrue(refused.getMessage().startsWith("KTO cannot start from base run " + runs.get(0).id()
                    + ": dataset 'arithmetic-kto' changed since the base trained on it"), refused.getMessage());
            assertTrue(refused.getMessage().endsWith("split it as it was (split 'arithmetic-kto' --eval-fraction 0.1 --seed 0)"
                    + " to start KTO from it (train --base-run " + runs.get(0).id() + "), or start a new run"), refused.getMessage());
            assertEquals(0.5, ws.datasets().get(DATASET).evalFraction());
            assertTrue(ws.datasets().examples(DATASET, Split.EVAL).size() > 1000);
        }
    }

    private static long cancelledAt(Workspace ws, RunConfig config, long step) {
        CancellationToken cancel = new CancellationToken();
        RunSummary first = new Trainer(ws).train(config, null, TrainingFixture.cancelAt(RunEvent.Phase.KTO, step, cancel),
                cancel).get(0);
        assertEquals(RunStatus.CANCELLED, first.status());
        return first.runId();
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
