package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.eval.SampleEvaluation;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.SampleRecord;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.text.ByteTokenizer;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each eval point logs the mean completion length, in tokens, of the policy's and of the reference's samples. */
class EvalLengthMetricsTest {
    @TempDir
    Path dir;

    @Test
    void theLoggedMeanLengthsAreTheMeansOfTheStoredSamplesTokenCounts() {
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("ws"))) {
            // greedy samples of a model past its SFT are ASCII, so a text's bytes are exactly its generated tokens
            RunConfig config = TrainingFixture.tinyRun(Map.of("sampleTemperature", 0.0, "maxNewTokens", 12));
            List<RunSummary> runs = new Trainer(ws).train(config, null, event -> {}, new CancellationToken());
            RunSummary kto = runs.get(runs.size() - 1);
            List<Long> steps = ws.runs().sampleSteps(kto.runId());
            assertEquals(List.of(0L, 10L, 20L), steps, "an eval point before the first step, then every 10");
            ByteTokenizer bytes = new ByteTokenizer();
            for (long step : steps) {
                List<SampleRecord> samples = ws.runs().samples(kto.runId(), step);
                assertEquals(10, samples.size());
                double policy = 0;
                double reference = 0;
                for (SampleRecord s : samples) {
                    assertFalse(s.policyText().contains("\uFFFD") || s.referenceText().contains("\uFFFD"),
                            "a cut multi-byte character would not re-encode to its tokens: " + s);
                    policy += bytes.encode(s.policyText()).length;
                    reference += bytes.encode(s.referenceText()).length;
                }
                assertEquals(policy / samples.size(), metric(ws, kto.runId(), step, SampleEvaluation.POLICY_LENGTH_METRIC), 1e-12);
                assertEquals(reference / samples.size(), metric(ws, kto.runId(), step, SampleEvaluation.REFERENCE_LENGTH_METRIC),
                        1e-12);
                assertTrue(policy > 0 && reference > 0, "the samples have text");
            }
            long sft = runs.get(0).runId();
            assertTrue(ws.runs().metrics(sft).stream().noneMatch(m -> m.name().equals(SampleEvaluation.REFERENCE_LENGTH_METRIC)),
                    "SFT has no reference to sample");
        }
    }

    private static double metric(Workspace ws, long runId, long step, String name) {
        return ws.runs().metrics(runId).stream().filter(m -> m.step() == step && m.name().equals(name))
                .mapToDouble(MetricPoint::value).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not logged at step " + step));
    }
}
