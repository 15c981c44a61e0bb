package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.store.CheckpointInfo;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs that really go non-finite (no hooks): an absurd learning rate that blows the weights up, so the next loss is NaN,
 * and a β so large that the gradient overflows float32 at the first step.
 */
class NonFiniteGuardTest {
    @TempDir
    Path dir;

    /**
     * lr 1e30 with 10% warmup of 20 steps: step 1 runs at lr 0 (warmup starts at 0), step 2 at 5e29 turns the weights
     * into ±1e29-ish, and step 3's loss is NaN. Checkpoints are written every step.
     */
    @Test
    void aNonFiniteLossStopsTheRunAndKeepsTheLastCheckpoint() throws IOException {
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("ws"))) {
            RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 0, "steps", 20, "learningRate", 1e30,
                    "checkpointEvery", 1, "evalEvery", 0));
            List<RunSummary> summaries = new Trainer(ws).train(config, null, event -> {}, new CancellationToken());

            RunSummary failed = summaries.get(0);
            assertEquals(RunStatus.FAILED, failed.status());
            assertEquals(2, failed.stepsDone());
            assertEquals("stopped at step 3: loss is NaN; weights were not updated and the last good checkpoint (step 2)"
                    + " is kept", failed.message());
            RunInfo stored = TrainingFixture.run(ws, failed.runId());
            assertEquals(RunStatus.FAILED, stored.status());
            assertEquals(failed.message(), stored.statusMessage());

            List<CheckpointInfo> checkpoints = ws.runs().checkpoints(failed.runId());
            assertEquals(List.of(1L, 2L), checkpoints.stream().map(CheckpointInfo::step).toList());
            Path last = checkpoints.get(1).path();
            RunPaths paths = new RunPaths(ws.directory(), failed.runId());
            assertEquals(List.of("step-1", "step-2"), entries(paths.checkpoints()), "no later or half-written checkpoint");
            assertEquals(2, Checkpoints.readState(last).stepsDone());
            try (Gpt model = Gpt.load(last); AdamW optimizer = AdamW.load(model.parameters(), last)) {
                assertEquals(config.model().layers(), model.config().layers());
                assertEquals(2, optimizer.stepCount());
            }
            assertFalse(Files.exists(paths.finalModel()), "a failed run leaves no final model");
            assertEquals(List.of(1L, 2L), ws.runs().metrics(failed.runId()).stream()
                    .filter(p -> p.name().equals("loss")).map(p -> p.step()).toList(), "nothing recorded for step 3");
        }
    }

    /** β 1e38: the loss is finite at the first step (policy equals reference, so β·0), its gradient is not. */
    @Test
    void aNonFiniteGradientStopsTheRunBeforeAnyUpdate() throws IOException {
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("ws"))) {
            RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 0, "steps", 20, "beta", 1e38,
                    "checkpointEvery", 1, "evalEvery", 0));
            RunSummary failed = new Trainer(ws).train(config, null, event -> {}, new CancellationToken()).get(0);

            assertEquals(RunStatus.FAILED, failed.status());
            assertEquals(0, failed.stepsDone());
            assertTrue(failed.message().matches("stopped at step 1: gradient norm is (NaN|Infinity); weights were not"
                    + " updated and no checkpoint was written before it"), failed.message());
            assertEquals(List.of(), ws.runs().checkpoints(failed.runId()));
            assertEquals(List.of(), ws.runs().metrics(failed.runId()));
            assertEquals(RunStatus.FAILED, TrainingFixture.run(ws, failed.runId()).status());
        }
    }

    private static List<String> entries(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
