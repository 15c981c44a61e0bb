package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.SampleRecord;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Same seed, same machine: two runs in fresh workspaces record the same numbers, step for step. */
class TrainingDeterminismTest {
    @TempDir
    Path dir;

    @Test
    void twoIdenticalRunsRecordIdenticalMetricsAndSamples() {
        RunConfig config = TrainingFixture.tinyRun(Map.of());
        Recorded first = train(dir.resolve("first"), config);
        Recorded second = train(dir.resolve("second"), config);

        // SFT 20 steps and KTO 20 steps, each with eval points at 0, 10 and 20.
        assertEquals(2, first.metrics.size());
        for (int phase = 0; phase < 2; phase++) {
            List<MetricPoint> a = first.metrics.get(phase);
            assertEquals(20, a.stream().filter(p -> p.name().equals("loss")).count());
            assertEquals(List.of(0L, 10L, 20L), a.stream().filter(p -> p.name().equals("eval/loss")).map(MetricPoint::step).toList());
            assertEquals(a, second.metrics.get(phase), "phase " + phase + " differs");
        }
        assertTrue(first.metrics.get(1).stream().anyMatch(p -> p.name().equals("winrate")));
        assertTrue(first.metrics.get(1).stream().anyMatch(p -> p.name().equals("rewards/margins")));
        assertEquals(first.samples, second.samples);
        assertEquals(3 * 10 * 2, first.samples.size(), "10 judged samples at each of 3 eval points in each phase");
    }

    @Test
    void anotherSeedGivesOtherNumbers() {
        RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 5, "steps", 0, "evalEvery", 0));
        Recorded seed42 = train(dir.resolve("a"), config);
        Recorded seed7 = train(dir.resolve("b"), RunConfigJson.withOverrides(config, Map.of("seed", 7L)));
        assertNotEquals(seed42.metrics.get(0), seed7.metrics.get(0));
    }

    private static Recorded train(Path wsDir, RunConfig config) {
        try (Workspace ws = TrainingFixture.sampleWorkspace(wsDir)) {
            List<RunSummary> summaries = new Trainer(ws).train(config, null, event -> {}, new CancellationToken());
            List<List<MetricPoint>> metrics = new ArrayList<>();
            List<SampleRecord> samples = new ArrayList<>();
            for (RunSummary s : summaries) {
                assertEquals(RunStatus.COMPLETED, s.status(), s.message());
                metrics.add(TrainingFixture.metricsWithoutTiming(ws, s.runId()));
                for (long step : ws.runs().sampleSteps(s.runId())) samples.addAll(ws.runs().samples(s.runId(), step));
            }
            return new Recorded(metrics, samples);
        }
    }

    private record Recorded(List<List<MetricPoint>> metrics, List<SampleRecord> samples) {}
}
