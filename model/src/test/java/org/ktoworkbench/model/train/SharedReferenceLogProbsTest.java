package org.ktoworkbench.model.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.sweep.SweepListener;
import org.ktoworkbench.model.sweep.SweepRunner;
import org.ktoworkbench.model.sweep.SweepSpec;
import org.ktoworkbench.model.sweep.Sweeps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The points of a sweep from one base compute their precomputed reference log-probs once, through the workspace. */
class SharedReferenceLogProbsTest {
    @TempDir
    Path dir;

    private static RunConfig config() {
        return TrainingFixture.tinyRun(Map.of("precomputeReference", true, "steps", 6, "evalEvery", 6, "evalPrompts", 0));
    }

    private static SweepSpec betas(RunConfig base, double... betas) {
        List<JsonNode> values = java.util.Arrays.stream(betas).mapToObj(b -> (JsonNode) JsonNodeFactory.instance.numberNode(b)).toList();
        return new SweepSpec("betas", RunConfigJson.toJson(base), null, Map.of("beta", values), 0, Map.of(), 1,
                "eval/loss", SweepSpec.Goal.MIN, "none");
    }

    @Test
    void threePointsComputeTheReferenceOnceAndReadTheSameNumbers() throws IOException {
        RunConfig base = config();
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("a"))) {
            long id = Sweeps.create(ws, betas(base, 0.1, 0.2, 0.4));
            long before = ReferenceLogProbs.cachedRowPasses();
            List<Long> passesPerPoint = new java.util.ArrayList<>();
            long[] last = {before};
            new SweepRunner(ws, id).run(new SweepListener() {
                @Override
                public void onPointStart(SweepPointInfo point, int total) {}

                @Override
                public void onPointEnd(SweepPointInfo point) {
                    long now = ReferenceLogProbs.cachedRowPasses();
                    passesPerPoint.add(now - last[0]);
                    last[0] = now;
                }

                @Override
                public void onEvent(RunEvent event) {}
            }, new CancellationToken());
            int trainRows = (int) (ws.datasets().get(base.dataset()).rows() - ws.datasets().get(base.dataset()).evalRows());
            int evalRows = (int) ws.datasets().get(base.dataset()).evalRows();
            long chunks = (trainRows + 15) / 16 + (evalRows + 15) / 16;
            // point 1 passes once over every chunk of 16 train and eval rows; the others over none
            assertEquals(List.of(chunks, 0L, 0L), passesPerPoint);
            try (Stream<Path> files = Files.list(ws.directory().resolve("cache").resolve("reference-logps"))) {
                assertEquals(2, files.filter(f -> f.toString().endsWith(".f32")).count(), "train rows and eval rows");
            }
        }
    }

    @Test
    void aCachedValueGivesTheNumbersAComputedOneGives() throws IOException {
        RunConfig base = config();
        List<MetricPoint> computed;
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("alone"))) {
            long id = Sweeps.create(ws, betas(base, 0.4));
            new SweepRunner(ws, id).run(SweepListener.NONE, new CancellationToken());
            computed = TrainingFixture.metricsWithoutTiming(ws, ws.sweeps().points(id).get(0).runId());
        }
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("shared"))) {
            long id = Sweeps.create(ws, betas(base, 0.1, 0.4));
            new SweepRunner(ws, id).run(SweepListener.NONE, new CancellationToken());
            assertEquals(computed, TrainingFixture.metricsWithoutTiming(ws, ws.sweeps().points(id).get(1).runId()));
        }
    }
}
