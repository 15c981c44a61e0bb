package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.SampleRecord;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With precomputed reference log-probs the KTO phase frees the reference model before its first step, and still
 * trains and evaluates as a run that keeps it: the same metrics (the cached rows' values are computed in fixed chunks,
 * so they differ from in-batch ones in the last bits) and the same reference samples (drawn once, before it is freed).
 */
class PrecomputedReferenceTest {
    @TempDir
    Path dir;

    private record Outcome(List<MetricPoint> metrics, List<SampleRecord> samples, List<String> notices,
                           int arraysAtFirstKtoStep) {}

    private Outcome train(String name, boolean precompute) {
        RunConfig config = TrainingFixture.tinyRun(Map.of("precomputeReference", precompute, "sftSteps", 10,
                "steps", 10, "evalEvery", 5, "evalPrompts", 6));
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve(name))) {
            List<String> notices = new ArrayList<>();
            int[] arrays = {-1};
            List<RunSummary> summaries = new Trainer(ws).train(config, null, event -> {
                if (event instanceof RunEvent.Notice n && n.phase() == RunEvent.Phase.KTO) notices.add(n.message());
                if (event instanceof RunEvent.Step s && s.phase() == RunEvent.Phase.KTO && s.step() == 1) {
                    arrays[0] = arraysInProcess();
                }
            }, new CancellationToken());
            long runId = summaries.get(summaries.size() - 1).runId(); // the KTO run (SFT trains its own run first)
            assertTrue(summaries.stream().allMatch(s -> s.status() == org.ktoworkbench.model.store.RunStatus.COMPLETED),
                    summaries.toString());
            return new Outcome(TrainingFixture.metricsWithoutTiming(ws, runId), ws.runs().samples(runId, 10), notices,
                    arrays[0]);
        }
    }

    /** Every array alive in the process: the engine's system manager holds every base manager. */
    private static int arraysInProcess() {
        try (NDManager probe = NDManager.newBaseManager()) {
            return probe.getParentManager().getManagedArrays().size();
        }
    }

    @Test
    void theReferenceIsFreedAndTheRunTrainsAndEvaluatesAsOneThatKeepsIt() {
        Outcome kept = train("kept", false);
        Outcome freed = train("freed", true);

        assertTrue(freed.notices.stream().anyMatch(m -> m.contains("the reference model is freed")), freed.notices.toString());
        assertTrue(kept.notices.stream().noneMatch(m -> m.contains("freed")), kept.notices.toString());
        // wte, wpe, ln_f and 12 arrays per block of the 2-layer GPT: the reference's parameters are gone
        assertEquals(2 + 2 + 2 * 12, kept.arraysAtFirstKtoStep - freed.arraysAtFirstKtoStep,
                "arrays alive in the process at the first KTO step");

        assertEquals(kept.metrics.size(), freed.metrics.size());
        boolean evalPoints = false;
        for (int i = 0; i < kept.metrics.size(); i++) {
            MetricPoint a = kept.metrics.get(i);
            MetricPoint b = freed.metrics.get(i);
            assertEquals(a.name(), b.name());
            assertEquals(a.step(), b.step());
            assertEquals(a.value(), b.value(), 1e-4 * Math.max(1, Math.abs(a.value())), a.name() + " at " + a.step());
            evalPoints |= a.name().startsWith("eval/");
        }
        assertTrue(evalPoints, "the run evaluated");
        assertTrue(freed.metrics.stream().anyMatch(p -> p.name().endsWith("winrate")), "the winrate was judged");
        assertEquals(kept.samples.size(), freed.samples.size());
        assertTrue(!freed.samples.isEmpty());
        for (int i = 0; i < kept.samples.size(); i++) {
            assertEquals(kept.samples.get(i).referenceText(), freed.samples.get(i).referenceText());
        }
    }
}
