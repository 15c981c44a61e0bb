package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.sample.DigitIncrementTask;
import org.ktoworkbench.model.store.ImportOptions;
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
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A KTO run whose process is killed (SIGKILL) at random steps three times, resumed in a new process each time, records
 * exactly what an uninterrupted run records: every metric of every step and eval point (doubles compared with
 * {@code assertEquals}, no tolerance) and every judged sample. The run covers what a resume must restore: several
 * epochs (reshuffles), cached reference log-probs, eval points (sampling) between checkpoints, and a cosine schedule.
 * Kill points come from a seed printed with the result; {@code -Dkill.seed=S} replays one.
 */
class RepeatedKillResumeTest {
    private static final int STEPS = 45;
    private static final int KILLS = 3;
    private static final String DATASET = "varied";

    @TempDir
    Path dir;

    @Test
    void aRunKilledThreeTimesAtRandomStepsResumesToExactlyTheUninterruptedNumbers() throws Exception {
        long seed = Long.getLong("kill.seed", System.nanoTime());
        Random random = new Random(seed);
        Path wsDir = dir.resolve("killed");
        workspace(wsDir).close();
        List<String> train = List.of("train", "--workspace", wsDir.toString(), "--dataset", DATASET, "--sft-steps", "0",
                "--steps", Integer.toString(STEPS), "--checkpoint-every", "4", "--eval-every", "6", "--eval-prompts", "4",
                "--precompute-reference", "--layers", "2", "--d-model", "48", "--heads", "2", "--context", "32",
                "--batch", "4", "--seed", "7");
        List<Long> killedAt = new ArrayList<>();
        long runId = -1;
        try (Workspace ws = Workspace.open(wsDir)) {
            long after = 0;
            for (int kill = 0; kill < KILLS; kill++) {
                long target = after + 2 + random.nextInt((STEPS - 10 - (int) after) / (KILLS - kill));
                List<String> args = kill == 0 ? train
                        : List.of("resume", Long.toString(runId), "--workspace", wsDir.toString());
                TrainingProcess child = TrainingProcess.start(args, dir.resolve("child-" + kill + ".log"));
                try {
                    runId = child.waitForStep(ws, target);
                    child.kill();
                } finally {
                    child.kill();
                }
                after = ws.runs().metrics(runId).stream().filter(p -> p.name().equals("loss"))
                        .mapToLong(MetricPoint::step).max().orElseThrow();
                assertTrue(after < STEPS, "the run ended before it was killed (seed " + seed + ")");
                killedAt.add(after);
            }
            RunInfo killed = TrainingFixture.run(ws, runId);
            assertEquals(RunStatus.INTERRUPTED, killed.status());
            List<RunSummary> resumed = new Trainer(ws).resume(runId, event -> {}, new CancellationToken());
            assertEquals(RunStatus.COMPLETED, resumed.get(0).status(), resumed.get(0).message());

            RunConfig config = RunConfigJson.fromJson(killed.configJson());
            assertTrue(config.precomputeReference());
            try (Workspace whole = workspace(dir.resolve("whole"))) {
                long wholeRun = new Trainer(whole).train(config, null, event -> {}, new CancellationToken()).get(0).runId();
                String context = "killed after steps " + killedAt + " (kill seed " + seed + ")";
                assertSamePoints(TrainingFixture.metricsWithoutTiming(whole, wholeRun),
                        TrainingFixture.metricsWithoutTiming(ws, runId), context);
                assertEquals(samples(whole, wholeRun), samples(ws, runId), context);
            }
        }
        System.out.println("killed the training process after steps " + killedAt + " of " + STEPS + " (kill seed " + seed + ")");
    }

    /**
     * 60 rows whose prompts and completions have many lengths, so micro-batches of 4 differ in padded length and the
     * 48 training rows make 12 micro-batches an epoch (about 4 epochs in the run).
     */
    private static Workspace workspace(Path wsDir) throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            String digits = "31415926535897932384".substring(0, 1 + (i * 7) % 11) + i;
            String answer = DigitIncrementTask.answer(digits);
            rows.append("{\"prompt\":\"inc ").append(digits).append("=\",\"completion\":\"")
                    .append(i % 3 == 0 ? digits : answer).append("\",\"label\":").append(i % 3 != 0).append("}\n");
        }
        Files.createDirectories(wsDir);
        Path file = Files.writeString(wsDir.resolve(DATASET + ".jsonl"), rows);
        Workspace ws = Workspace.open(wsDir);
        ws.datasets().importFile(file, ImportOptions.strict(DATASET));
        ws.datasets().split(DATASET, 0.2, 0);
        return ws;
    }

    /** Point by point, so a failure names the first step and metric that differ. */
    private static void assertSamePoints(List<MetricPoint> expected, List<MetricPoint> actual, String context) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), context);
        }
        assertEquals(expected.size(), actual.size(), context);
    }

    private static List<SampleRecord> samples(Workspace ws, long runId) {
        List<SampleRecord> all = new ArrayList<>();
        for (long step : ws.runs().sampleSteps(runId)) all.addAll(ws.runs().samples(runId, step));
        return all;
    }
}
