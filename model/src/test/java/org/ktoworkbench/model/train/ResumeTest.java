package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.store.CheckpointInfo;
import org.ktoworkbench.model.store.FileTrees;
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
import java.util.stream.Stream;

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

    /**
     * Checkpoint paths were stored absolute: a moved workspace could not resume, a copied one resumed from the
     * original's files. Here the original is copied, then moved (renamed); each resumes from its own step-10.
     */
    @Test
    void aMovedWorkspaceAndACopiedOneEachResumeFromTheirOwnCheckpoint() throws IOException {
        RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 0, "steps", 14, "checkpointEvery", 5, "evalEvery", 0));
        Path original = dir.resolve("original");
        long runId = cancelledAt12(original, config);
        Path copy = dir.resolve("copy");
        copyTree(original, copy);
        Path moved = dir.resolve("moved");
        Files.move(original, moved);

        assertResumesAfterStep10(moved, runId);
        // the original's checkpoints go: the copy can only succeed with its own
        FileTrees.delete(new RunPaths(moved, runId).checkpoints());
        assertResumesAfterStep10(copy, runId);
        assertFalse(Files.exists(new RunPaths(moved, runId).checkpoints()), "the copy wrote nothing into the original");
    }

    /**
     * A process killed mid-checkpoint leaves a {@code .writing-*} folder, and older versions left records of pruned
     * checkpoints: opening the workspace and resuming remove both, and pruning removes the records with the folders.
     */
    @Test
    void openAndResumeRemoveHalfWrittenCheckpointsAndRecordsOfMissingOnes() throws IOException {
        RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 0, "steps", 20, "checkpointEvery", 5, "evalEvery", 0));
        Path wsDir = dir.resolve("ws");
        long runId;
        Path checkpoints;
        try (Workspace ws = TrainingFixture.sampleWorkspace(wsDir)) {
            CancellationToken cancel = new CancellationToken();
            runId = new Trainer(ws).train(config, null, TrainingFixture.cancelAt(RunEvent.Phase.KTO, 17, cancel), cancel)
                    .get(0).runId();
            checkpoints = new RunPaths(wsDir, runId).checkpoints();
            assertEquals(List.of("step-10", "step-15"), entries(checkpoints));
            assertEquals(List.of(10L, 15L), checkpointSteps(ws, runId), "step-5 was pruned with its record");
            leaveDebris(ws, runId, checkpoints.resolve(".writing-1"));
        }
        try (Workspace ws = Workspace.open(wsDir)) {
            assertEquals(List.of("step-10", "step-15"), entries(checkpoints), "opening removed the half-written folder");
            assertEquals(List.of(10L, 15L), checkpointSteps(ws, runId), "and the record of the missing step-19");

            leaveDebris(ws, runId, checkpoints.resolve(".writing-2"));
            TrainingFixture.EventLog resumed = new TrainingFixture.EventLog();
            RunSummary done = new Trainer(ws).resume(runId, resumed, new CancellationToken()).get(0);
            assertEquals(RunStatus.COMPLETED, done.status(), done.message());
            assertEquals(16, resumed.of(RunEvent.Step.class).get(0).step(), "resumed from step-15, not the missing step-19");
            assertEquals(List.of("step-15", "step-20"), entries(checkpoints));
            assertEquals(List.of(15L, 20L), checkpointSteps(ws, runId));
        }
    }

    /** What a process killed while writing checkpoint 19 leaves: its temporary folder, and a record without a folder. */
    private static void leaveDebris(Workspace ws, long runId, Path partial) throws IOException {
        Files.createDirectories(partial);
        Files.write(partial.resolve("model.safetensors"), new byte[1024]);
        ws.runs().addCheckpoint(runId, 19, partial.resolveSibling("step-19"));
    }

    private static long cancelledAt12(Path wsDir, RunConfig config) {
        try (Workspace ws = TrainingFixture.sampleWorkspace(wsDir)) {
            CancellationToken cancel = new CancellationToken();
            long runId = new Trainer(ws).train(config, null, TrainingFixture.cancelAt(RunEvent.Phase.KTO, 12, cancel), cancel)
                    .get(0).runId();
            assertEquals(10, ws.runs().latestCheckpoint(runId).orElseThrow().step());
            return runId;
        }
    }

    private static void assertResumesAfterStep10(Path wsDir, long runId) {
        try (Workspace ws = Workspace.open(wsDir)) {
            assertEquals(new RunPaths(wsDir, runId).checkpoints().resolve("step-10"),
                    ws.runs().latestCheckpoint(runId).orElseThrow().path());
            TrainingFixture.EventLog resumed = new TrainingFixture.EventLog();
            RunSummary done = new Trainer(ws).resume(runId, resumed, new CancellationToken()).get(0);
            assertEquals(RunStatus.COMPLETED, done.status(), done.message());
            assertEquals(11, resumed.of(RunEvent.Step.class).get(0).step(), wsDir + " resumed from its step-10");
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.toList()) Files.copy(p, to.resolve(from.relativize(p).toString()));
        }
    }

    private static List<String> entries(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static List<Long> checkpointSteps(Workspace ws, long runId) {
        return ws.runs().checkpoints(runId).stream().map(CheckpointInfo::step).toList();
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
            storeOwnerPid(wsDir, runId, 1); // as stored by a process in a PID namespace: pid 1 is always alive
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

    private static void storeOwnerPid(Path wsDir, long runId, long pid) throws java.sql.SQLException {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + wsDir.resolve(Workspace.DATABASE_FILE));
             java.sql.PreparedStatement s = c.prepareStatement("UPDATE runs SET owner_pid = ? WHERE id = ?")) {
            s.setLong(1, pid);
            s.setLong(2, runId);
            s.executeUpdate();
        }
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
