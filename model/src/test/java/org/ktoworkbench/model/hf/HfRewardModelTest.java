package org.ktoworkbench.model.hf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ktoworkbench.model.nn.hf.HfModels;
import org.ktoworkbench.model.nn.hf.HfRewardModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reward models of every backbone ({@code *ForSequenceClassification}, one label) score token sequences as the
 * float64 reference computes transformers' forward: the score head at the last non-pad token, to 1e-4, whether the
 * sequences are scored together (right-padded to one length) or one at a time.
 */
class HfRewardModelTest {
    private static final double TOLERANCE = 1e-4;

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return TinyCheckpoints.all().stream().flatMap(spec -> Stream.of(Arguments.of(spec, "F32", false),
                Arguments.of(spec, "BF16", false), Arguments.of(spec, "F16", true)));
    }

    @ParameterizedTest(name = "{0} {1} sharded={2}")
    @MethodSource("cases")
    void rewardsMatchTheFloat64ReferenceTogetherAndAlone(TinyCheckpoints.Spec spec, String dtype, boolean sharded)
            throws Exception {
        int pad = spec.vocab() - 1;
        Path dir = TinyCheckpoints.writeRewardModel(tmp.resolve("rm"), spec, dtype, pad, sharded);
        ReferenceLm reference = new ReferenceLm(spec, TestSafetensors.readCheckpoint(dir));
        Random random = new Random(spec.vocab());
        int[] longer = random.ints(13, 0, pad).toArray();
        int[] shorter = random.ints(5, 0, pad).toArray();
        int[] endsInPad = {longer[0], longer[1], longer[2], pad, pad}; // transformers reads it at position 2
        List<int[]> sequences = List.of(longer, shorter, endsInPad);
        try (HfRewardModel model = HfRewardModel.load(dir)) {
            assertEquals(TinyCheckpoints.rewardArchitecture(spec), model.config().architecture());
            float[] together = model.rewards(sequences);
            for (int i = 0; i < sequences.size(); i++) {
                double expected = reference.reward(sequences.get(i), pad);
                assertEquals(expected, together[i], TOLERANCE, "sequence " + i + " in one batch");
                float alone = model.rewards(List.of(sequences.get(i)))[0];
                assertEquals(alone, together[i], 1e-5, "sequence " + i + " alone and padded in a batch");
            }
            assertTrue(Math.abs(together[0] - together[1]) > 1e-3, "different sequences get different rewards: "
                    + together[0] + ", " + together[1]);
            double truncated = reference.reward(new int[] {longer[0], longer[1], longer[2]}, pad);
            assertEquals(truncated, together[2], TOLERANCE, "trailing pad tokens are not read");
        }
    }

    @Test
    void withoutAPadTokenIdTheLastTokenIsReadWhateverItIs() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen2();
        Path dir = TinyCheckpoints.writeRewardModel(tmp.resolve("rm"), spec, "F32", null);
        ReferenceLm reference = new ReferenceLm(spec, TestSafetensors.readCheckpoint(dir));
        int last = spec.vocab() - 1;
        int[] sequence = {3, 9, 27, last};
        try (HfRewardModel model = HfRewardModel.load(dir)) {
            assertEquals(null, model.config().padTokenId());
            float reward = model.rewards(List.of(sequence, new int[] {5}))[0];
            assertEquals(reference.reward(sequence, null), reward, TOLERANCE);
            assertTrue(Math.abs(reference.reward(sequence, last) - reward) > 1e-3,
                    "with pad_token_id the last token would be skipped: a different reward");
        }
    }

    @Test
    void aFolderThatIsNotAOneLabelRewardModelIsRefusedByName() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.llama();
        Path causal = TinyCheckpoints.write(tmp.resolve("causal"), spec, "F32", false);
        IOException notReward = assertThrows(IOException.class, () -> HfRewardModel.inspect(causal));
        assertEquals(causal.resolve("config.json") + ": field 'architectures' is 'LlamaForCausalLM': not a reward model"
                + " (expected one of GPT2ForSequenceClassification, GPTNeoXForSequenceClassification,"
                + " LlamaForSequenceClassification, MistralForSequenceClassification, Qwen2ForSequenceClassification,"
                + " Qwen3ForSequenceClassification)", notReward.getMessage());

        Path reward = TinyCheckpoints.writeRewardModel(tmp.resolve("rm"), spec, "F32", spec.vocab() - 1);
        IOException asLm = assertThrows(IOException.class, () -> HfModels.load(reward));
        assertEquals(reward.resolve("config.json") + ": field 'architectures' is 'LlamaForSequenceClassification': a reward"
                + " model (sequence classifier), not a language model; use it as a judge: --judge reward-model:DIR",
                asLm.getMessage());

        editConfig(reward, c -> c.putObject("id2label").put("0", "bad").put("1", "good"));
        assertEquals(reward.resolve("config.json") + ": LlamaForSequenceClassification has 2 labels (num_labels /"
                + " id2label): a reward model has one, whose logit is the reward",
                assertThrows(IOException.class, () -> HfRewardModel.inspect(reward)).getMessage());
        editConfig(reward, c -> c.remove("id2label"));
        assertTrue(assertThrows(IOException.class, () -> HfRewardModel.inspect(reward)).getMessage()
                .contains("has 2 labels"), "no id2label is transformers' default of two labels");
        editConfig(reward, c -> c.put("num_labels", 1));
        assertEquals(1, HfRewardModel.inspect(reward).numLabels());

        Path headless = TinyCheckpoints.write(tmp.resolve("headless"), spec, "F32", false);
        editConfig(headless, c -> {
            c.putArray("architectures").add("LlamaForSequenceClassification");
            c.putObject("id2label").put("0", "LABEL_0");
        });
        assertEquals(headless + ": tensor 'score.weight' is missing from the weights: no reward head (a"
                + " LlamaForSequenceClassification checkpoint has score.weight [1, 32])",
                assertThrows(IOException.class, () -> HfRewardModel.inspect(headless)).getMessage());
    }

    private static void editConfig(Path dir, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Path file = dir.resolve("config.json");
        ObjectNode config = (ObjectNode) TestSafetensors.JSON.readTree(Files.readString(file));
        edit.accept(config);
        Files.writeString(file, config.toPrettyString());
    }
}
