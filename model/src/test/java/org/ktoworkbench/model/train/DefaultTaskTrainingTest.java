package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded task end to end: SFT on all completions of the sample dataset, then KTO against that base; the
 * aligned policy must beat its reference on held-out prompts, judged exactly, sampled at temperature 1.
 *
 * <p>Settings measured on 2 cores (about 25 s a run): a 2-layer GPT, d 96, 4 heads, context 24 (the longest row is 18
 * bytes); SFT 600 steps at lr 2e-3, then KTO 300 steps at lr 1e-3, β 0.1, λ_D 1.5 (λ_D·n_D/(λ_U·n_U) ≈ 1.08),
 * batch 32, all 125 held-out prompts. Seeds 42 / 1 / 2 gave winrate 0.696 / 0.636 / 0.656 with the lower end of the
 * 95% interval 0.611 / 0.549 / 0.569 (the base was desirable 32% / 24% / 26% of the time, the policy 71% / 51% / 58%).
 */
class DefaultTaskTrainingTest {
    @TempDir
    Path dir;

    @Test
    void sftThenKtoOnTheSampleTaskBeatsTheReference() {
        RunConfig config = TrainingFixture.tinyRun(Map.ofEntries(
                Map.entry("model", new ModelSpec(2, 96, 4, 24)),
                Map.entry("sftSteps", 600), Map.entry("sftLearningRate", 2e-3),
                Map.entry("steps", 300), Map.entry("learningRate", 1e-3),
                Map.entry("beta", 0.1), Map.entry("lambdaD", 1.5), Map.entry("lambdaU", 1.0),
                Map.entry("batchSize", 32), Map.entry("evalEvery", 300), Map.entry("evalPrompts", 125),
                Map.entry("seed", 42L)));
        assertEquals(1.0, config.sampleTemperature(), "the winrate is measured on sampled completions");
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("ws"))) {
            List<RunSummary> summaries = new Trainer(ws).train(config, null, event -> {}, new CancellationToken());
            assertEquals(2, summaries.size());
            summaries.forEach(s -> assertEquals(RunStatus.COMPLETED, s.status(), s.message()));

            RunSummary sft = summaries.get(0);
            assertTrue(sft.lastEval().get("eval/loss") < 1.0, "SFT learned the task's text: " + sft.lastEval());
            assertTrue(sft.lastEval().get("desirable/policy") > 0.15, "the base answers right sometimes: " + sft.lastEval());

            Map<String, Double> eval = summaries.get(1).lastEval();
            System.out.printf("winrate %.3f [%.3f, %.3f], policy desirable %.3f, reference desirable %.3f%n",
                    eval.get("winrate"), eval.get("winrate/lower"), eval.get("winrate/upper"),
                    eval.get("desirable/policy"), eval.get("desirable/reference"));
            assertTrue(eval.get("winrate") >= 0.6, eval.toString());
            assertTrue(eval.get("winrate/lower") > 0.5, "the 95% interval lies above 0.5: " + eval);
            assertEquals(sft.lastEval().get("desirable/policy"), eval.get("desirable/reference"), 1e-12,
                    "the reference is the SFT model, sampled the same way");
            assertTrue(summaries.get(1).lastMetrics().get("rewards/margins") > 0, summaries.get(1).lastMetrics().toString());
        }
    }
}
