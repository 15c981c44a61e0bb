package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class CancellationTest {
    @TempDir
    Path dir;

    @Test
    void aRunCancelledMidwayStopsAfterTheStepInFlightAndSaysSo() {
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("ws"))) {
            RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 0, "steps", 20, "evalEvery", 5));
            CancellationToken cancel = new CancellationToken();
            TrainingFixture.EventLog log = new TrainingFixture.EventLog(TrainingFixture.cancelAt(RunEvent.Phase.KTO, 7, cancel));
            List<RunSummary> summaries = new Trainer(ws).train(config, null, log, cancel);

            assertEquals(1, summaries.size());
            RunSummary cancelled = summaries.get(0);
            assertEquals(RunStatus.CANCELLED, cancelled.status());
            assertEquals(7, cancelled.stepsDone());
            assertEquals("cancelled after 7 steps", cancelled.message());
            RunInfo stored = TrainingFixture.run(ws, cancelled.runId());
            assertEquals(RunStatus.CANCELLED, stored.status());
            assertEquals("cancelled after 7 steps", stored.statusMessage());
            assertEquals(LongStream.rangeClosed(1, 7).boxed().toList(),
                    log.of(RunEvent.Step.class).stream().map(RunEvent.Step::step).toList());
            RunEvent.Status last = (RunEvent.Status) log.events().get(log.events().size() - 1);
            assertEquals(RunStatus.CANCELLED, last.status());
            assertFalse(Files.exists(new RunPaths(ws.directory(), cancelled.runId()).finalModel()));
            assertTrue(stored.summaryJson().contains("\"status\":\"CANCELLED\""), stored.summaryJson());
        }
    }

    @Test
    void aCancelledSftRunStartsNoKtoRun() {
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("ws"))) {
            CancellationToken cancel = new CancellationToken();
            cancel.cancel();
            List<RunSummary> summaries = new Trainer(ws).train(TrainingFixture.tinyRun(Map.of()), null, event -> {}, cancel);
            assertEquals(1, summaries.size());
            assertEquals(RunEvent.Phase.SFT, summaries.get(0).phase());
            assertEquals(RunStatus.CANCELLED, summaries.get(0).status());
            assertEquals(0, summaries.get(0).stepsDone());
            assertEquals(1, ws.runs().listRuns().size());
        }
    }

    /** SIGTERM (what Ctrl-C's SIGINT also triggers: the JVM's shutdown hooks) cancels the run; the process exits non-zero. */
    @Test
    void theCliCancelsOnTerminationAndExitsNonZero() throws Exception {
        Path wsDir = dir.resolve("ws");
        TrainingFixture.sampleWorkspace(wsDir).close();
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.ktoworkbench.model.cli.Cli", "train",
                "--workspace", wsDir.toString(), "--sft-steps", "0", "--steps", "100000", "--eval-every", "0",
                "--checkpoint-every", "0", "--layers", "1", "--d-model", "16", "--heads", "2", "--context", "24", "--batch", "4")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (Workspace ws = Workspace.open(wsDir)) {
            long runId = waitForSteps(ws, child, log);
            long signalled = System.nanoTime();
            child.destroy();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "still running 30 s after SIGTERM");
            double secondsToExit = (System.nanoTime() - signalled) / 1e9;
            String output = Files.readString(log);
            assertNotEquals(0, child.exitValue(), output);
            RunInfo run = TrainingFixture.run(ws, runId);
            assertEquals(RunStatus.CANCELLED, run.status(), output);
            assertTrue(run.statusMessage().matches("cancelled after \\d+ steps"), run.statusMessage());
            assertTrue(output.contains("kto run " + runId + " cancelled after"), output);
            assertFalse(output.contains("\tat "), output);
            assertTrue(secondsToExit < 5, "took " + secondsToExit + " s to exit after SIGTERM");
        } finally {
            child.destroyForcibly();
        }
    }

    private static long waitForSteps(Workspace ws, Process child, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) fail("train ended early:\n" + Files.readString(log));
            Optional<RunInfo> run = ws.runs().listRuns().stream().findFirst();
            if (run.isPresent() && ws.runs().metrics(run.get().id()).size() > 0) return run.get().id();
            Thread.sleep(20);
        }
        return fail("no step within 60 s:\n" + Files.readString(log));
    }
}
