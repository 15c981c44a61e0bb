package org.ktoworkbench.model.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.SequenceLogProbs;
import org.ktoworkbench.model.nn.TokenBatch;
import org.ktoworkbench.model.nn.hf.HfModels;

import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The correctness bar of Hugging Face checkpoints: per-token log-probs (the whole log-softmax over the
 * vocabulary at every position) and summed completion log-probs, as training computes them, agree with
 * the float64 reference to 1e-4 for every architecture, dtype, and single-file or sharded weights.
 */
class HfLogProbsTest {
    private static final double TOLERANCE = 1e-4;
    private static final int[] LENGTHS = {12, 9};
    private static final int[] PROMPTS = {5, 4};

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return TinyCheckpoints.all().stream().flatMap(spec -> Stream.of("F32", "F16", "BF16")
                .flatMap(dtype -> Stream.of(false, true).map(sharded -> Arguments.of(spec, dtype, sharded))));
    }

    @ParameterizedTest(name = "{0} {1} sharded={2}")
    @MethodSource("cases")
    void logProbsMatchTheFloat64Reference(TinyCheckpoints.Spec spec, String dtype, boolean sharded) throws Exception {
        Path dir = TinyCheckpoints.write(tmp.resolve("model"), spec, dtype, sharded);
        ReferenceLm reference = new ReferenceLm(spec, TestSafetensors.readCheckpoint(dir));
        int[][] sequences = sequences(spec.vocab());
        TokenBatch batch = batch(sequences);
        try (CausalLm model = HfModels.load(dir); NDManager manager = NDManager.newBaseManager()) {
            NDArray logits = model.logits(batch.inputs(manager));
            float[] logProbs = logits.logSoftmax(2).toFloatArray();
            float[] sums = SequenceLogProbs.compute(model, batch, manager).toFloatArray();
            int v = spec.vocab();
            double worst = 0;
            for (int b = 0; b < sequences.length; b++) {
                double[][] expected = reference.logSoftmax(prefix(sequences[b]));
                double expectedSum = 0;
                for (int t = 0; t < expected.length; t++) {
                    for (int i = 0; i < v; i++) {
                        double diff = Math.abs(logProbs[(b * batch.length() + t) * v + i] - expected[t][i]);
                        worst = Math.max(worst, diff);
                    }
                    if (t >= PROMPTS[b] - 1) {
                        expectedSum += expected[t][sequences[b][t + 1]];
                    }
                }
                assertEquals(expectedSum, sums[b], TOLERANCE, "summed completion log-prob of row " + b);
            }
            assertTrue(worst <= TOLERANCE, "largest per-token log-prob difference " + worst);
        }
    }

    static int[][] sequences(int vocab) {
        Random random = new Random(vocab);
        int[][] out = new int[LENGTHS.length][];
        for (int b = 0; b < out.length; b++) {
            out[b] = random.ints(LENGTHS[b], 0, vocab).toArray();
        }
        return out;
    }

    private static int[] prefix(int[] sequence) {
        int[] inputs = new int[sequence.length - 1];
        System.arraycopy(sequence, 0, inputs, 0, inputs.length);
        return inputs;
    }

    /** Right-padded rows: inputs are the sequence less its last token, completion = tokens after the prompt. */
    static TokenBatch batch(int[][] sequences) {
        int length = 0;
        for (int[] s : sequences) {
            length = Math.max(length, s.length - 1);
        }
        int rows = sequences.length;
        int[] inputs = new int[rows * length];
        int[] targets = new int[rows * length];
        float[] mask = new float[rows * length];
        long completion = 0;
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < sequences[b].length - 1; t++) {
                inputs[b * length + t] = sequences[b][t];
                targets[b * length + t] = sequences[b][t + 1];
                if (t >= PROMPTS[b] - 1) {
                    mask[b * length + t] = 1;
                    completion++;
                }
            }
        }
        return new TokenBatch(rows, length, inputs, targets, mask, rows * (long) length, completion, 0);
    }
}
