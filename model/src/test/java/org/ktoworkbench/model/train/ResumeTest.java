package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.store.CheckpointInfo;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.SampleRecord;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** A run stopped part-way (cancelled, or its process killed) and resumed records what an uninterrupted run records. */
class ResumeTest {
    private static final long KILL_TEST_STEPS = 60;

    @TempDir
    Path dir;

    @Test
    void aCancelledKtoRunResumesFromItsCheckpointToTheSameNumbers() {
        RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 0, "steps", 20, "checkpointEvery", 5, "evalEvery", 5));
        Finished uninterrupted = trainUninterrupted(dir.resolve("a"), config);

        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("b"))) {
            CancellationToken cancel = new CancellationToken();
            List<RunSummary> first = new Trainer(ws).train(config, null,
                    TrainingFixture.cancelAt(RunEvent.Phase.KTO, 12, cancel), cancel);
            assertEquals(1, first.size());
            long runId = first.get(0).runId();
            assertEquals(RunStatus.CANCELLED, first.get(0).status());
            assertEquals(12, first.get(0).stepsDone());
            assertEquals(RunStatus.CANCELLED, TrainingFixture.run(ws, runId).status());
            assertEquals(10, ws.runs().latestCheckpoint(runId).orElseThrow().step());
            assertTrue(Files.isDirectory(new RunPaths(ws.directory(), runId).checkpoints().resolve("step-10")));

            TrainingFixture.EventLog resumed = new TrainingFixture.EventLog();
            List<RunSummary> second = new Trainer(ws).resume(runId, resumed, new CancellationToken());
            assertEquals(1, second.size());
            assertEquals(RunStatus.COMPLETED, second.get(0).status(), second.get(0).message());
            assertEquals(20, second.get(0).stepsDone());
            assertEquals(List.of(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L),
                    resumed.of(RunEvent.Step.class).stream().map(RunEvent.Step::step).toList(),
                    "the resumed run starts after the checkpoint");
            assertEquals(List.of(15L, 20L), resumed.of(RunEvent.Eval.class).stream().map(RunEvent.Eval::step).toList());

            List<MetricPoint> later = TrainingFixture.metricsWithoutTiming(ws, runId, p -> p.step() > 10);
            assertEquals(uninterrupted.metricsAfter(0, 10), later);
            assertEquals(uninterrupted.metrics.get(0), TrainingFixture.metricsWithoutTiming(ws, runId),
                    "steps 11 and 12, run twice, were replaced by the same values");
            assertEquals(uninterrupted.samples.get(0), samples(ws, runId));
            assertEquals(uninterrupted.summaries.get(0).lastEval(), second.get(0).lastEval());
        }
    }

    /**
     * With the reference log-probs cached, the uninterrupted run reuses values computed in earlier epochs while the
     * resumed run starts with an empty cache: on a 40-row dataset (5 micro-batches an epoch) the resume falls in epoch 2.
     */
    @Test
    void aResumedRunWithCachedReferenceLogProbsMatchesAcrossEpochs() throws IOException {
        RunConfig config = TrainingFixture.tinyRun(Map.of("dataset", "small", "sftSteps", 0, "steps", 20,
                "checkpointEvery", 5, "evalEvery", 5, "precomputeReference", true));
        Finished uninterrupted;
        try (Workspace ws = smallWorkspace(dir.resolve("a"))) {
            uninterrupted = finish(ws, new Trainer(ws).train(config, null, event -> {}, new CancellationToken()));
        }
        try (Workspace ws = smallWorkspace(dir.resolve("b"))) {
            CancellationToken cancel = new CancellationToken();
            long runId = new Trainer(ws).train(config, null, TrainingFixture.cancelAt(RunEvent.Phase.KTO, 12, cancel), cancel)
                    .get(0).runId();
            assertEquals(10, ws.runs().latestCheckpoint(runId).orElseThrow().step());
            new Trainer(ws).resume(runId, event -> {}, new CancellationToken());
            assertEquals(uninterrupted.metrics.get(0), TrainingFixture.metricsWithoutTiming(ws, runId));
        }
    }

    private Workspace smallWorkspace(Path wsDir) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 50; i++) {
            String digits = String.valueOf(100 + 7 * i);
            String answer = org.ktoworkbench.model.sample.DigitIncrementTask.answer(digits);
            rows.append("{\"prompt\":\"inc ").append(digits).append("=\",\"completion\":\"")
                    .append(i % 3 == 0 ? digits : answer).append("\",\"label\":").append(i % 3 != 0).append("}\n");
        }
        Files.createDirectories(wsDir);
        Path file = Files.writeString(wsDir.resolve("small.jsonl"), rows);
        Workspace ws = Workspace.open(wsDir);
        ws.datasets().importFile(file, org.ktoworkbench.model.store.ImportOptions.strict("small"));
        ws.datasets().split("small", 0.2, 0);
        return ws;
    }

    @Test
    void aCancelledSftRunResumesAndGoesOnToItsKtoRun() {
        RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 10, "steps", 6, "checkpointEvery", 4, "evalEvery", 5));
        Finished uninterrupted = trainUninterrupted(dir.resolve("a"), config);

        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("b"))) {
            CancellationToken cancel = new CancellationToken();
            List<RunSummary> first = new Trainer(ws).train(config, null,
                    TrainingFixture.cancelAt(RunEvent.Phase.SFT, 7, cancel), cancel);
            assertEquals(1, first.size(), "no KTO run starts after a cancelled SFT run");
            long sftRun = first.get(0).runId();
            assertEquals(RunStatus.CANCELLED, first.get(0).status());
            assertEquals(4, ws.runs().latestCheckpoint(sftRun).orElseThrow().step());

            List<RunSummary> second = new Trainer(ws).resume(sftRun, event -> {}, new CancellationToken());
            assertEquals(List.of(RunEvent.Phase.SFT, RunEvent.Phase.KTO), second.stream().map(RunSummary::phase).toList());
            second.forEach(s -> assertEquals(RunStatus.COMPLETED, s.status(), s.message()));
            RunInfo kto = TrainingFixture.run(ws, second.get(1).runId());
            assertEquals(sftRun, kto.parentRunId());
            for (int phase = 0; phase < 2; phase++) {
                assertEquals(uninterrupted.metrics.get(phase), TrainingFixture.metricsWithoutTiming(ws, second.get(phase).runId()),
                        "phase " + phase);
                assertEquals(uninterrupted.samples.get(phase), samples(ws, second.get(phase).runId()), "phase " + phase);
            }
        }
    }

    /**
     * The process running {@code train} is killed (SIGKILL: no shutdown hook, no final status) once it has written a
     * checkpoint; {@code resume} in this process then finishes the run exactly as an uninterrupted one.
     */
    @Test
    void aRunWhoseProcessWasKilledResumesToTheSameNumbers() throws Exception {
        Path wsDir = dir.resolve("killed");
        TrainingFixture.sampleWorkspace(wsDir).close();
        Path log = dir.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "org.ktoworkbench.model.cli.Cli", "train",
                "--workspace", wsDir.toString(), "--dataset", "arithmetic-kto", "--sft-steps", "0",
                "--steps", Long.toString(KILL_TEST_STEPS), "--checkpoint-every", "5", "--eval-every", "0",
                "--layers", "2", "--d-model", "32", "--heads", "2", "--context", "32", "--batch", "8")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long runId;
        long killedAfter;
        try (Workspace ws = Workspace.open(wsDir)) {
            runId = waitForACheckpoint(ws, child, log);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            RunInfo killed = TrainingFixture.run(ws, runId);
            assertEquals(RunStatus.INTERRUPTED, killed.status(), "a run whose process is gone reads as interrupted");
            killedAfter = ws.runs().latestCheckpoint(runId).orElseThrow().step();
            assertTrue(killedAfter < KILL_TEST_STEPS, "killed after its last step: " + Files.readString(log));

            List<RunSummary> resumed = new Trainer(ws).resume(runId, event -> {}, new CancellationToken());
            assertEquals(RunStatus.COMPLETED, resumed.get(0).status(), resumed.get(0).message());
            RunConfig config = RunConfigJson.fromJson(killed.configJson());
            Finished uninterrupted = trainUninterrupted(dir.resolve("whole"), config);
            assertEquals(uninterrupted.metrics.get(0), TrainingFixture.metricsWithoutTiming(ws, runId));
            assertEquals(KILL_TEST_STEPS, ws.runs().latestCheckpoint(runId).orElseThrow().step());
        } finally {
            child.destroyForcibly();
        }
        System.out.println("killed the training process after checkpoint " + killedAfter + " of " + KILL_TEST_STEPS);
    }

    private static long waitForACheckpoint(Workspace ws, Process child, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!child.isAlive()) fail("train ended before it could be killed:\n" + Files.readString(log));
            Optional<RunInfo> run = ws.runs().listRuns().stream().findFirst();
            if (run.isPresent()) {
                Optional<CheckpointInfo> checkpoint = ws.runs().latestCheckpoint(run.get().id());
                if (checkpoint.isPresent()) return run.get().id();
            }
            Thread.sleep(10);
        }
        return fail("no checkpoint within 60 s:\n" + Files.readString(log));
    }

    private static Finished trainUninterrupted(Path wsDir, RunConfig config) {
        try (Workspace ws = TrainingFixture.sampleWorkspace(wsDir)) {
            return finish(ws, new Trainer(ws).train(config, null, event -> {}, new CancellationToken()));
        }
    }

    private static Finished finish(Workspace ws, List<RunSummary> summaries) {
        List<List<MetricPoint>> metrics = new ArrayList<>();
        List<List<SampleRecord>> samples = new ArrayList<>();
        for (RunSummary s : summaries) {
            assertEquals(RunStatus.COMPLETED, s.status(), s.message());
            metrics.add(TrainingFixture.metricsWithoutTiming(ws, s.runId()));
            samples.add(samples(ws, s.runId()));
        }
        assertFalse(metrics.isEmpty());
        return new Finished(summaries, metrics, samples);
    }

    private static List<SampleRecord> samples(Workspace ws, long runId) {
        List<SampleRecord> all = new ArrayList<>();
        for (long step : ws.runs().sampleSteps(runId)) all.addAll(ws.runs().samples(runId, step));
        return all;
    }

    private record Finished(List<RunSummary> summaries, List<List<MetricPoint>> metrics, List<List<SampleRecord>> samples) {
        List<MetricPoint> metricsAfter(int phase, long step) {
            return metrics.get(phase).stream().filter(p -> p.step() > step).toList();
        }
    }
}
