package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.eval.SampleEvaluation;
import org.ktoworkbench.model.eval.reward.RewardModelJudge;
import org.ktoworkbench.model.eval.reward.RewardModelSpec;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.SampleRecord;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A KTO run of the built-in GPT whose eval points are judged by a tiny Hugging Face reward model. */
class RewardModelJudgeRunTest {
    private static final Pattern ANSWER = Pattern.compile("reward A: (-?\\d+\\.\\d+)\nreward B: (-?\\d+\\.\\d+)\nmargin: 0\\.0");

    @TempDir
    Path dir;

    @Test
    void eachEvalPointHasAWinrateFromTheRewardsStoredWithItsSamples() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.gpt2();
        Path rm = TinyCheckpoints.writeTokenizer(
                TinyCheckpoints.writeRewardModel(dir.resolve("rm"), spec, "F32", spec.vocab() - 1), spec, null);
        try (Workspace ws = TrainingFixture.sampleWorkspace(dir.resolve("ws"))) {
            RunConfig config = TrainingFixture.tinyRun(Map.of("sftSteps", 0, "steps", 4, "evalEvery", 2, "evalPrompts", 4,
                    "judge", "reward-model:" + rm));
            TrainingFixture.EventLog log = new TrainingFixture.EventLog();
            List<RunSummary> summaries = new Trainer(ws).train(config, null, log, new CancellationToken());
            assertEquals(1, summaries.size());
            RunSummary run = summaries.get(0);
            assertEquals(RunStatus.COMPLETED, run.status(), run.message());

            List<RunEvent.Eval> evals = log.of(RunEvent.Eval.class);
            assertEquals(List.of(0L, 2L, 4L), evals.stream().map(RunEvent.Eval::step).toList());
            for (RunEvent.Eval eval : evals) {
                assertFalse(eval.metrics().containsKey(SampleEvaluation.FAILED_METRIC), eval.metrics().toString());
                List<SampleRecord> samples = ws.runs().samples(run.runId(), eval.step());
                assertEquals(4, samples.size());
                double points = 0;
                for (SampleRecord s : samples) {
                    Matcher rewards = ANSWER.matcher(s.judgeAnswer());
                    assertTrue(rewards.matches(), s.judgeAnswer());
                    double policy = Double.parseDouble(rewards.group(1));
                    double reference = Double.parseDouble(rewards.group(2));
                    String expected = policy > reference ? "policy" : policy < reference ? "reference" : "tie";
                    assertEquals(expected, s.verdict(), s.judgeAnswer());
                    if (eval.step() == 0) {
                        assertEquals(s.referenceText(), s.policyText(), "before training the policy is the reference");
                    }
                    points += s.verdict().equals("policy") ? 1 : s.verdict().equals("tie") ? 0.5 : 0;
                }
                assertEquals(points / samples.size(), eval.metrics().get("winrate"), 1e-12, "step " + eval.step());
            }
            assertEquals(0.5, evals.get(0).metrics().get("winrate"), "identical samples tie");
            assertTrue(ws.runs().samples(run.runId(), 4).stream().anyMatch(s -> !s.verdict().equals("tie")),
                    "after training some pair is decided");

            SampleRecord last = ws.runs().samples(run.runId(), 4).get(0);
            try (RewardModelJudge judge = RewardModelJudge.open(RewardModelSpec.parse("reward-model:" + rm))) {
                float policy = judge.rewards(List.of(new RewardModelJudge.Completion(last.prompt(), last.policyText())))[0];
                Matcher stored = ANSWER.matcher(last.judgeAnswer());
                assertTrue(stored.matches());
                assertEquals(policy, Double.parseDouble(stored.group(1)), 1e-5, "the stored reward is the policy text's");
            }
        }
    }
}
