package org.ktoworkbench.model.eval.reward;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.eval.Judge;
import org.ktoworkbench.model.eval.Judgement;
import org.ktoworkbench.model.eval.Judges;
import org.ktoworkbench.model.eval.Matchup;
import org.ktoworkbench.model.eval.Verdict;
import org.ktoworkbench.model.hf.ReferenceLm;
import org.ktoworkbench.model.hf.TestSafetensors;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.text.RealTokenizers;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigException;
import org.ktoworkbench.model.train.RunConfigJson;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@code reward-model:DIR[#margin=M]} judge over a tiny Llama reward model with a hand-made WordLevel tokenizer
 * (words w1.. are ids 1.., unknown words id 0, BOS {@code <s>} = vocab - 3, PAD = vocab - 1): the ids it scores
 * (written out here by hand), its rewards against the float64 reference, verdicts, ties and refusals.
 */
class RewardModelJudgeTest {
    private static final TinyCheckpoints.Spec SPEC = TinyCheckpoints.llama();
    private static final int BOS = SPEC.vocab() - 3;
    private static final int PAD = SPEC.vocab() - 1;

    @TempDir
    Path tmp;

    private Path rewardModel(String chatTemplate) throws IOException {
        Path dir = TinyCheckpoints.writeRewardModel(tmp.resolve("rm"), SPEC, "F32", PAD);
        return TinyCheckpoints.writeTokenizer(dir, SPEC, chatTemplate);
    }

    private double referenceReward(Path dir, int... ids) throws IOException {
        return new ReferenceLm(SPEC, TestSafetensors.readCheckpoint(dir)).reward(ids, PAD);
    }

    @Test
    void withoutAChatTemplateThePromptAndCompletionAreScoredAsOneTextAndTheHigherRewardWins() throws Exception {
        Path dir = rewardModel(null);
        double a = referenceReward(dir, BOS, 1, 2, 3, 4); // "w1 w2" + " w3 w4" with the BOS the tokenizer adds
        double b = referenceReward(dir, BOS, 1, 2, 5);
        assertTrue(Math.abs(a - b) > 1e-3, "the fixture's two completions differ in reward: " + a + ", " + b);
        try (Judge judge = Judges.byName("reward-model:" + dir)) {
            RewardModelJudge rm = assertInstanceOf(RewardModelJudge.class, judge);
            float[] rewards = rm.rewards(List.of(new RewardModelJudge.Completion("w1 w2", " w3 w4"),
                    new RewardModelJudge.Completion("w1 w2", " w5")));
            assertEquals(a, rewards[0], 1e-4);
            assertEquals(b, rewards[1], 1e-4);

            Judgement judgement = judge.compareAll(List.of(new Matchup("w1 w2", " w3 w4", " w5"))).get(0);
            assertEquals(a > b ? Verdict.A : Verdict.B, judgement.verdict());
            assertEquals(String.format(Locale.ROOT, "reward A: %.6f\nreward B: %.6f\nmargin: 0.0", rewards[0], rewards[1]),
                    judgement.answer());
            assertEquals(a > b ? Verdict.B : Verdict.A, judge.compare("w1 w2", " w5", " w3 w4"), "swapped, the other wins");
            assertEquals(Verdict.TIE, judge.compare("w1 w2", " w5", " w5"), "the same completion ties at margin 0");
        }
    }

    @Test
    void withAChatTemplateThePromptIsTheUsersMessageAndTheCompletionTheAssistants() throws Exception {
        Path dir = rewardModel(TinyCheckpoints.CHAT_TEMPLATE);
        // "<s>user w1 w2 assistant w3 w4 ": "user" and "assistant" are not in the vocabulary (id 0)
        double expected = referenceReward(dir, BOS, 0, 1, 2, 0, 3, 4);
        double plain = referenceReward(dir, BOS, 1, 2, 3, 4);
        assertTrue(Math.abs(expected - plain) > 1e-3, "the template changes what is scored");
        try (RewardModelJudge judge = RewardModelJudge.open(RewardModelSpec.parse("reward-model:" + dir))) {
            float reward = judge.rewards(List.of(new RewardModelJudge.Completion("w1 w2", "w3 w4")))[0];
            assertEquals(expected, reward, 1e-4);
        }
    }

    /**
     * A Qwen3 reward model with Qwen3's real tokenizer and chat template: "Hi" / "Hello!" is scored as the whole
     * conversation, whose ids KtoTokenizationTest checks as prompt and completion; the reward is read at its last token.
     */
    @Test
    void aRealQwen3ChatTemplateIsAppliedToTheConversation() throws Exception {
        TinyCheckpoints.Spec q = TinyCheckpoints.qwen3();
        TinyCheckpoints.Spec spec = new TinyCheckpoints.Spec("qwen3-real-vocab", q.architecture(), 151936, q.hidden(),
                q.intermediate(), q.layers(), q.heads(), q.kvHeads(), q.headDim(), q.maxPositions(), q.eps(), q.ropeTheta(),
                null, q.tie(), q.qkvBias(), q.qkNorm(), q.activation(), q.rotaryPct(), q.parallelResidual(), Set.of());
        int pad = 151643; // <|endoftext|>
        Path dir = TinyCheckpoints.writeRewardModel(tmp.resolve("qwen3-rm"), spec, "F32", pad);
        Path tokenizer = RealTokenizers.dir(RealTokenizers.QWEN3);
        for (String file : List.of("tokenizer.json", "tokenizer_config.json")) {
            Files.copy(tokenizer.resolve(file), dir.resolve(file));
        }
        // <|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\nHello!<|im_end|>\n
        int[] conversation = {151644, 872, 198, 13048, 151645, 198, 151644, 77091, 198,
                151667, 271, 151668, 271, 9707, 0, 151645, 198};
        double expected = new ReferenceLm(spec, TestSafetensors.readCheckpoint(dir)).reward(conversation, pad);
        try (RewardModelJudge judge = RewardModelJudge.open(RewardModelSpec.parse("reward-model:" + dir))) {
            assertEquals(expected, judge.rewards(List.of(new RewardModelJudge.Completion("Hi", "Hello!")))[0], 1e-4);
        }
    }

    @Test
    void rewardsWithinTheMarginTieAndOutsideItDoNot() throws Exception {
        Path dir = rewardModel(null);
        float[] rewards;
        try (RewardModelJudge judge = RewardModelJudge.open(RewardModelSpec.parse("reward-model:" + dir))) {
            rewards = judge.rewards(List.of(new RewardModelJudge.Completion("w1", " w2"),
                    new RewardModelJudge.Completion("w1", " w3 w4 w5")));
        }
        double gap = Math.abs((double) rewards[0] - rewards[1]);
        Verdict higher = rewards[0] > rewards[1] ? Verdict.A : Verdict.B;
        try (Judge wide = Judges.byName("reward-model:" + dir + "#margin=" + gap * 1.01);
             Judge narrow = Judges.byName("reward-model:" + dir + "#margin=" + gap * 0.99)) {
            assertEquals(Verdict.TIE, wide.compare("w1", " w2", " w3 w4 w5"));
            assertEquals(higher, narrow.compare("w1", " w2", " w3 w4 w5"));
        }
        assertEquals(Verdict.TIE, RewardModelJudge.verdict(1.5f, 1.25f, 0.25), "the margin itself ties");
        assertEquals(Verdict.A, RewardModelJudge.verdict(1.5f, 1.25f, 0.2));
        assertEquals(Verdict.B, RewardModelJudge.verdict(-3f, 1f, 0));
    }

    @Test
    void aClosedJudgeLoadsItsModelAgainWhenUsed() throws Exception {
        Path dir = rewardModel(null);
        RewardModelJudge judge = RewardModelJudge.open(RewardModelSpec.parse("reward-model:" + dir));
        List<RewardModelJudge.Completion> texts = List.of(new RewardModelJudge.Completion("w7", " w8"));
        float first = judge.rewards(texts)[0];
        judge.close();
        assertEquals(first, judge.rewards(texts)[0]);
        judge.close();
    }

    @Test
    void specsAreParsedWithTheirMargin() {
        RewardModelSpec spec = RewardModelSpec.parse(" reward-model:/models/rm#margin=0.25 ");
        assertEquals(Path.of("/models/rm"), spec.dir());
        assertEquals(0.25, spec.margin());
        assertEquals("reward-model:/models/rm#margin=0.25", spec.toString());
        assertEquals(0.0, RewardModelSpec.parse("Reward-Model:rm").margin());
        assertEquals("judge 'reward-model:rm#margin=-1': the margin must be a number 0 or more (expected"
                + " reward-model:DIR[#margin=M], e.g. reward-model:/models/my-reward-model#margin=0.1)",
                assertThrows(IllegalArgumentException.class, () -> RewardModelSpec.parse("reward-model:rm#margin=-1"))
                        .getMessage());
        assertTrue(Judges.unknown("reward-model:rm#margin=x").contains("the margin is not a number"));
        assertTrue(Judges.unknown("reward-model:rm#temperature=1").contains("after '#' expected margin=M"));
        assertTrue(Judges.unknown("reward-model:").contains("names no folder"));
    }

    @Test
    void aFolderThatIsNoRewardModelIsRefusedBeforeARunWithAMessageNamingWhatIsWrong() throws Exception {
        Path missing = tmp.resolve("nowhere");
        assertFalse(Judges.isKnown("reward-model:" + missing));
        assertEquals("judge 'reward-model:" + missing + "': " + missing + ": no such model folder",
                Judges.unknown("reward-model:" + missing));

        Path causal = TinyCheckpoints.write(tmp.resolve("causal"), SPEC, "F32", false);
        assertEquals("judge 'reward-model:" + causal + "': " + causal.resolve("config.json") + ": field 'architectures'"
                + " is 'LlamaForCausalLM': not a reward model (expected one of GPT2ForSequenceClassification,"
                + " GPTNeoXForSequenceClassification, LlamaForSequenceClassification, MistralForSequenceClassification,"
                + " Qwen2ForSequenceClassification, Qwen3ForSequenceClassification)",
                assertThrows(IllegalArgumentException.class, () -> Judges.byName("reward-model:" + causal)).getMessage());

        Path dir = rewardModel(null);
        assertTrue(Judges.isKnown("reward-model:" + dir));
        Files.delete(dir.resolve("tokenizer.json"));
        assertEquals("judge 'reward-model:" + dir + "': " + dir.resolve("tokenizer.json") + ": no such file (a reward"
                + " model folder needs its tokenizer)", Judges.unknown("reward-model:" + dir));
        TinyCheckpoints.writeTokenizer(dir, SPEC, null);
        ObjectMapper json = new ObjectMapper();
        ObjectNode config = (ObjectNode) json.readTree(Files.readString(dir.resolve("config.json")));
        config.putObject("id2label").put("0", "bad").put("1", "good");
        Files.writeString(dir.resolve("config.json"), config.toPrettyString());
        String twoLabels = Judges.unknown("reward-model:" + dir);
        assertTrue(twoLabels.endsWith("LlamaForSequenceClassification has 2 labels (num_labels / id2label): a reward"
                + " model has one, whose logit is the reward"), twoLabels);

        RunConfigException refused = assertThrows(RunConfigException.class,
                () -> RunConfigJson.withOverrides(RunConfig.defaults(), Map.of("judge", "reward-model:" + dir)).requireValid());
        assertTrue(refused.getMessage().startsWith("invalid run config: [judge: judge 'reward-model:" + dir + "': "),
                refused.getMessage());
        assertNotEquals(-1, refused.getMessage().indexOf("has 2 labels"));
    }
}
