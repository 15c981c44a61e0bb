package org.ktoworkbench.model.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunStoreTest {
    @TempDir
    Path dir;
    Workspace ws;
    RunStore runs;

    @BeforeEach
    void open() {
        ws = Workspace.open(dir);
        runs = ws.runs();
    }

    @AfterEach
    void close() {
        ws.close();
    }

    @Test
    void createListAndUpdateRuns() {
        long sft = runs.createRun("sft-1", "sft", "qa", "{\"lr\":0.001}", null);
        long kto = runs.createRun("kto-1", "kto", "qa", "{\"beta\":0.1}", sft);
        RunInfo info = runs.run(kto).orElseThrow();
        assertEquals("kto-1", info.name());
        assertEquals("kto", info.kind());
        assertEquals(sft, info.parentRunId());
        assertEquals(RunStatus.QUEUED, info.status());
        assertNull(info.summaryJson());
        assertEquals("", info.notes());

        runs.setStatus(kto, RunStatus.FAILED, "out of memory");
        runs.setNotes(kto, "try a smaller batch");
        runs.setSummary(kto, "{\"winrate\":0.7}");
        info = runs.run(kto).orElseThrow();
        assertEquals(RunStatus.FAILED, info.status());
        assertEquals("out of memory", info.statusMessage());
        assertEquals("try a smaller batch", info.notes());
        assertEquals("{\"winrate\":0.7}", info.summaryJson());
        assertTrue(!info.updatedAt().isBefore(info.createdAt()));

        assertEquals(List.of(kto, sft), runs.listRuns().stream().map(RunInfo::id).toList());
        assertTrue(runs.run(999).isEmpty());
        assertThrows(StoreException.class, () -> runs.setStatus(999, RunStatus.RUNNING, null));
        assertThrows(IllegalArgumentException.class, () -> runs.createRun("x", "dpo", "qa", "{}", null));
        assertThrows(StoreException.class, () -> runs.createRun("x", "kto", "qa", "{}", 999L));
    }

    @Test
    void metricsComeBackOrderedByStepAndCanBePolled() {
        long run = runs.createRun("r", "kto", "qa", "{}", null);
        runs.appendMetrics(run, 2, Map.of("loss", 0.5, "kl", 0.1));
        runs.appendMetrics(run, 1, Map.of("loss", 0.7));
        runs.appendMetrics(run, 2, Map.of("loss", 0.4));
        assertEquals(List.of(new MetricPoint(1, "loss", 0.7), new MetricPoint(2, "kl", 0.1),
                new MetricPoint(2, "loss", 0.4)), runs.metrics(run));
        assertEquals(List.of(new MetricPoint(2, "kl", 0.1), new MetricPoint(2, "loss", 0.4)), runs.metricsAfter(run, 1));
        assertThrows(StoreException.class, () -> runs.appendMetrics(12345, 1, Map.of("loss", 1.0)));
    }

    @Test
    void metricAppendsAreFast() {
        long run = runs.createRun("r", "kto", "qa", "{}", null);
        int steps = 1000;
        long start = System.nanoTime();
        for (int step = 0; step < steps; step++) {
            Map<String, Double> values = new LinkedHashMap<>();
            for (String name : List.of("loss", "rewards/chosen", "rewards/rejected", "rewards/margins", "kl",
                    "logps/chosen", "logps/rejected", "grad_norm", "learning_rate", "tokens/s")) {
                values.put(name, step * 0.001);
            }
            runs.appendMetrics(run, step, values);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double pointsPerSecond = steps * 10 / seconds;
        System.out.printf("metrics: %d appends of 10 points in %.2f s = %.0f points/s%n", steps, seconds, pointsPerSecond);
        assertEquals(steps * 10, runs.metrics(run).size());
        // the requirement is thousands per second; a loose floor so a busy shared machine does not fail it
        assertTrue(pointsPerSecond > 2000, "only " + pointsPerSecond + " points/s");
    }

    @Test
    void samplesAndCheckpoints() {
        long run = runs.createRun("r", "kto", "qa", "{}", null);
        SampleRecord a = new SampleRecord("2+2?", "5", "4", "policy");
        SampleRecord b = new SampleRecord("3+3?", "6", "7", "reference");
        runs.addSamples(run, 10, List.of(a));
        runs.addSamples(run, 10, List.of(b));
        SampleRecord judged = new SampleRecord("4+4?", "8", "9", "tie", "A shown first: A\nB shown first: A");
        runs.addSamples(run, 20, List.of(b, judged));
        assertEquals(List.of(a, b), runs.samples(run, 10));
        assertEquals(List.of(b, judged), runs.samples(run, 20), "a judge's raw answer is kept with its sample");
        assertEquals(List.of(10L, 20L), runs.sampleSteps(run));
        assertTrue(runs.samples(run, 30).isEmpty());

        assertTrue(runs.latestCheckpoint(run).isEmpty());
        runs.addCheckpoint(run, 100, dir.resolve("ckpt/100"));
        runs.addCheckpoint(run, 300, dir.resolve("ckpt/300"));
        runs.addCheckpoint(run, 200, dir.resolve("ckpt/200"));
        CheckpointInfo latest = runs.latestCheckpoint(run).orElseThrow();
        assertEquals(300, latest.step());
        assertEquals(dir.resolve("ckpt/300"), latest.path());
        assertEquals(3, runs.checkpoints(run).size());
        runs.deleteCheckpoints(run, List.of(100L, 300L));
        assertEquals(List.of(200L), runs.checkpoints(run).stream().map(CheckpointInfo::step).toList());
    }

    @Test
    void checkpointPathsInsideTheWorkspaceAreStoredRelativeToIt() throws Exception {
        long run = runs.createRun("r", "kto", "qa", "{}", null);
        Path inside = RunFolders.checkpoints(dir, run).resolve("step-5");
        Path outside = dir.getParent().resolve("elsewhere").resolve("step-6").toAbsolutePath();
        runs.addCheckpoint(run, 5, inside);
        runs.addCheckpoint(run, 6, outside);
        assertEquals(List.of("runs/" + run + "/checkpoints/step-5", outside.toString()), storedCheckpointPaths(dir));
        assertEquals(List.of(inside, outside), runs.checkpoints(run).stream().map(CheckpointInfo::path).toList());
    }

    /** Step 5 of the schema: a workspace written with absolute paths, then moved, finds its checkpoints where it is now. */
    @Test
    void absoluteCheckpointPathsOfAnOlderWorkspaceBecomeRelative(@TempDir Path other) throws Exception {
        Path wsDir = other.resolve("moved-here");
        long run;
        try (Workspace old = Workspace.open(wsDir, 4)) {
            run = old.runs().createRun("r", "kto", "qa", "{}", null);
        }
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + wsDir.resolve(Workspace.DATABASE_FILE));
             java.sql.PreparedStatement s = c.prepareStatement(
                     "INSERT INTO checkpoints (run_id, step, path, created_at) VALUES (?, ?, ?, '2026-01-01T00:00:00Z')")) {
            s.setLong(1, run);
            s.setLong(2, 5);
            s.setString(3, "/home/someone/old-ws/runs/" + run + "/checkpoints/step-5");
            s.executeUpdate();
            s.setLong(2, 6);
            s.setString(3, "C:\\Users\\someone\\old-ws\\runs\\" + run + "\\checkpoints\\step-6");
            s.executeUpdate();
        }
        for (String step : List.of("step-5", "step-6")) {
            java.nio.file.Files.createDirectories(RunFolders.checkpoints(wsDir, run).resolve(step));
        }
        try (Workspace upgraded = Workspace.open(wsDir)) {
            assertEquals(List.of("runs/" + run + "/checkpoints/step-5", "runs/" + run + "/checkpoints/step-6"),
                    storedCheckpointPaths(wsDir));
            assertEquals(RunFolders.checkpoints(wsDir, run).resolve("step-6"),
                    upgraded.runs().latestCheckpoint(run).orElseThrow().path());
        }
    }

    private static List<String> storedCheckpointPaths(Path wsDir) throws Exception {
        List<String> paths = new java.util.ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + wsDir.resolve(Workspace.DATABASE_FILE));
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet r = s.executeQuery("SELECT path FROM checkpoints ORDER BY step")) {
            while (r.next()) paths.add(r.getString(1));
        }
        return paths;
    }

    /**
     * The owner process is killed with SIGKILL, and the PID stored for it is rewritten to 1, as when it ran in a PID
     * namespace (a container): PID 1 is always alive, yet the run reads INTERRUPTED, because nobody holds its lock.
     */
    @Test
    void aRunWhoseOwnerWasKilledReadsInterruptedEvenWhenItsStoredPidIsAlive() throws Exception {
        RunOwnerMain.Owner owner = RunOwnerMain.start(dir, RunStatus.RUNNING, "qa", "{}", "orphan");
        long orphan = owner.runs().get(0);
        try {
            RunInfo live = runs.run(orphan).orElseThrow();
            assertEquals(RunStatus.RUNNING, live.status(), "a live owner in another process");
            assertEquals(owner.pid(), live.ownerPid());
        } finally {
            owner.kill();
        }
        setOwnerPid(orphan, 1);
        assertTrue(ProcessHandle.of(1).map(ProcessHandle::isAlive).orElse(false), "pid 1 is alive here");
        RunInfo interrupted = runs.run(orphan).orElseThrow();
        assertEquals(RunStatus.INTERRUPTED, interrupted.status());
        assertTrue(interrupted.statusMessage().contains("resume it"), interrupted.statusMessage());
        assertNull(interrupted.ownerPid());
        runs.requireNotTraining(orphan);
        runs.setStatus(orphan, RunStatus.RUNNING, null);
        assertEquals(RunStatus.RUNNING, runs.run(orphan).orElseThrow().status(), "the next owner takes the free lock");
        runs.setStatus(orphan, RunStatus.CANCELLED, null);
    }

    /**
     * A run belongs to the process that created it before that process starts it: killed with SIGKILL in between, it
     * leaves a run that reads INTERRUPTED (not QUEUED for ever), which the next process may start.
     */
    @Test
    void aQueuedRunWhoseCreatorWasKilledReadsInterruptedAndCanBeStarted() throws Exception {
        RunOwnerMain.Owner owner = RunOwnerMain.start(dir, RunStatus.QUEUED, "qa", "{}", "waiting");
        long waiting = owner.runs().get(0);
        try {
            RunInfo queued = runs.run(waiting).orElseThrow();
            assertEquals(RunStatus.QUEUED, queued.status(), "its creator lives");
            assertEquals(owner.pid(), queued.ownerPid());
            RunTrainingException starting = assertThrows(RunTrainingException.class, () -> runs.requireNotTraining(waiting));
            assertEquals("run " + waiting + " is starting in another process (pid " + owner.pid() + ")", starting.getMessage());
            assertThrows(RunTrainingException.class, () -> runs.setStatus(waiting, RunStatus.RUNNING, null),
                    "its creator starts it, nobody else");
        } finally {
            owner.kill();
        }
        RunInfo interrupted = runs.run(waiting).orElseThrow();
        assertEquals(RunStatus.INTERRUPTED, interrupted.status());
        assertEquals("its process (pid " + owner.pid() + ") ended before the run started; resume or delete it",
                interrupted.statusMessage());
        assertNull(interrupted.ownerPid());
        runs.requireNotTraining(waiting);
        runs.setStatus(waiting, RunStatus.RUNNING, null);
        assertEquals(ProcessHandle.current().pid(), runs.run(waiting).orElseThrow().ownerPid(), "the next owner takes it");
        runs.setStatus(waiting, RunStatus.CANCELLED, null);
    }

    /** Rows left QUEUED by a version that did not own runs from their creation have no lock file and no PID. */
    @Test
    void aRunQueuedBeforeRunsWereOwnedFromTheirCreationReadsInterrupted() throws Exception {
        long old = insertWithoutLock("QUEUED", null);
        RunInfo interrupted = runs.run(old).orElseThrow();
        assertEquals(RunStatus.INTERRUPTED, interrupted.status());
        assertEquals("its process ended before the run started; resume or delete it", interrupted.statusMessage());
        assertEquals(RunStatus.INTERRUPTED, runs.listRuns().get(0).status());
        runs.requireNotTraining(old);
    }

    @Test
    void aRunThisProcessCreatedIsStartedByItOnceAndAnIdGivenAgainIsOwnedAgain() {
        long queued = runs.createRun("queued", "kto", "qa", "{}", null);
        assertEquals(ProcessHandle.current().pid(), runs.run(queued).orElseThrow().ownerPid());
        runs.deleteRun(queued);
        long next = runs.createRun("next", "kto", "qa", "{}", null);
        assertEquals(queued, next, "SQLite gives the deleted run's id to the next run");
        assertEquals(RunStatus.QUEUED, runs.run(next).orElseThrow().status());
        runs.setStatus(next, RunStatus.RUNNING, null);
        assertEquals(RunStatus.RUNNING, runs.run(next).orElseThrow().status());
        RunTrainingException twice = assertThrows(RunTrainingException.class,
                () -> runs.setStatus(next, RunStatus.RUNNING, null));
        assertEquals("run " + next + " is training in this process", twice.getMessage());
        runs.setStatus(next, RunStatus.COMPLETED, null);
    }

    @Test
    void aRunThisProcessTrainsReadsRunningAndCannotBeOwnedTwice() {
        long mine = runs.createRun("live", "kto", "qa", "{}", null);
        runs.setStatus(mine, RunStatus.RUNNING, null);
        RunInfo live = runs.run(mine).orElseThrow();
        assertEquals(RunStatus.RUNNING, live.status());
        assertEquals(ProcessHandle.current().pid(), live.ownerPid());
        try (Workspace second = Workspace.open(dir)) {
            assertEquals(RunStatus.RUNNING, second.runs().run(mine).orElseThrow().status(), "another handle on the workspace");
            RunTrainingException twice = assertThrows(RunTrainingException.class,
                    () -> second.runs().setStatus(mine, RunStatus.RUNNING, null));
            assertEquals("run " + mine + " is training in this process", twice.getMessage());
            assertThrows(RunTrainingException.class, () -> second.runs().forgetOwner(mine));
        }
        assertEquals(RunStatus.RUNNING, runs.run(mine).orElseThrow().status(), "the refused attempts left the lock held");
        runs.setStatus(mine, RunStatus.COMPLETED, "done");
        assertEquals(RunStatus.COMPLETED, runs.run(mine).orElseThrow().status());
    }

    /** Rows marked RUNNING by a version without owner locks have no lock file: their PID is all there is to go on. */
    @Test
    void aRunMarkedRunningBeforeOwnerLocksIsJudgedByItsPid() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long orphan = insertWithoutLock("RUNNING", gone.pid());
        long stuck = insertWithoutLock("RUNNING", 1L);
        RunInfo interrupted = runs.run(orphan).orElseThrow();
        assertEquals(RunStatus.INTERRUPTED, interrupted.status());
        assertTrue(interrupted.statusMessage().contains("pid " + gone.pid()), interrupted.statusMessage());
        assertEquals(RunStatus.RUNNING, runs.run(stuck).orElseThrow().status(), "pid 1 lives: only --force frees it");
        assertThrows(RunTrainingException.class, () -> runs.requireNotTraining(stuck));
    }

    /** A run as a version without owner locks (or without owners of QUEUED runs) stored it: no lock file. */
    private long insertWithoutLock(String status, Long pid) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Workspace.DATABASE_FILE));
             java.sql.PreparedStatement s = c.prepareStatement("INSERT INTO runs (name, kind, dataset_name, config_json,"
                     + " status, created_at, updated_at, owner_pid) VALUES ('old', 'kto', 'qa', '{}', ?,"
                     + " '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z', ?)", java.sql.Statement.RETURN_GENERATED_KEYS)) {
            s.setString(1, status);
            s.setObject(2, pid);
            s.executeUpdate();
            try (java.sql.ResultSet keys = s.getGeneratedKeys()) {
                return keys.getLong(1);
            }
        }
    }

    private void setOwnerPid(long runId, long pid) throws Exception {
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Workspace.DATABASE_FILE));
             java.sql.PreparedStatement s = c.prepareStatement("UPDATE runs SET owner_pid = ? WHERE id = ?")) {
            s.setLong(1, pid);
            s.setLong(2, runId);
            s.executeUpdate();
        }
    }

    @Test
    void deletingARunTakesItsRecordsAndIsRefusedWhileItTrainsOrHasChildren() {
        long base = runs.createRun("base", "sft", "qa", "{}", null);
        long child = runs.createRun("child", "kto", "qa", "{}", base);
        long other = runs.createRun("other", "kto", "qa", "{}", null);
        runs.appendMetrics(child, 1, Map.of("loss", 0.5));
        runs.addSamples(child, 1, List.of(new SampleRecord("p", "r", "q", "tie")));
        runs.addCheckpoint(child, 1, dir.resolve("ckpt/1"));
        runs.appendMetrics(other, 1, Map.of("loss", 0.7));

        StoreException parent = assertThrows(StoreException.class, () -> runs.deleteRun(base));
        assertEquals("run " + base + " is the base of run " + child + "; delete that run first", parent.getMessage());
        runs.setStatus(child, RunStatus.RUNNING, null);
        StoreException training = assertThrows(StoreException.class, () -> runs.deleteRun(child));
        assertTrue(training.getMessage().contains("is training"), training.getMessage());
        assertThrows(RunTrainingException.class, () -> runs.deleteRun(child, true), "not even forced while this process trains it");
        assertEquals(3, runs.listRuns().size(), "a refused delete changes nothing");

        runs.setStatus(child, RunStatus.CANCELLED, null);
        assertEquals("child", runs.deleteRun(child).name());
        assertTrue(runs.run(child).isEmpty());
        assertTrue(runs.metrics(child).isEmpty());
        assertTrue(runs.sampleSteps(child).isEmpty());
        assertTrue(runs.checkpoints(child).isEmpty());
        assertEquals(1, runs.metrics(other).size(), "other runs keep their records");
        runs.deleteRun(base);
        assertEquals(List.of(other), runs.listRuns().stream().map(RunInfo::id).toList());
        StoreException missing = assertThrows(StoreException.class, () -> runs.deleteRun(base));
        assertEquals("no run with id " + base, missing.getMessage());
    }
}
