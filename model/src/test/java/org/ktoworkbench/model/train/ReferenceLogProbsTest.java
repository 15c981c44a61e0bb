package org.ktoworkbench.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.GptConfig;
import org.ktoworkbench.model.nn.GradMode;
import org.ktoworkbench.model.text.ByteTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The cached reference log-prob of a row does not depend on which micro-batches asked for it first. */
class ReferenceLogProbsTest {
    private static final int ROWS = 40;

    @Test
    void aCachedRowReadsTheSameWhateverBatchFirstAskedForIt() {
        Engine.getInstance();
        ByteTokenizer tokenizer = new ByteTokenizer();
        // d_model 48: a shape whose log-probs move in the last bits with the batch they are computed in
        EncodedRows rows = new EncodedRows(examples(), tokenizer, 32);
        try (Gpt reference = Gpt.create(new GptConfig(tokenizer.vocabSize(), 32, 2, 48, 2), 42);
             NDManager manager = NDManager.newBaseManager()) {
            GradMode.withoutGradient(() -> {
                ReferenceLogProbs uncached = new ReferenceLogProbs(reference, rows, false);
                ReferenceLogProbs warm = new ReferenceLogProbs(reference, rows, true);
                int[][] epoch0 = batches(8, 0);
                int[][] epoch1 = batches(3, 17);
                for (int[] batch : epoch0) warm.of(batch, batch, manager);
                boolean composition = false;
                for (int b = 0; b < epoch1.length; b++) {
                    int[] batch = epoch1[b];
                    float[] live = uncached.of(batch, batch, manager).toFloatArray();
                    float[] inEpoch0 = pick(uncached, epoch0, batch, manager);
                    composition |= !Arrays.equals(live, inEpoch0);
                    ReferenceLogProbs cold = new ReferenceLogProbs(reference, rows, true); // a resumed run's cache
                    assertArrayEquals(cold.of(batch, batch, manager).toFloatArray(),
                            warm.of(batch, batch, manager).toFloatArray(), "batch " + b + " " + Arrays.toString(batch));
                }
                assertTrue(composition, "precondition: some row's log-prob differs between the batches it is computed in");
                return null;
            });
        }
    }

    @Test
    void precomputedPairsAreReadAfterTheModelIsClosedAndAPairNotPrecomputedIsAClearError() {
        ByteTokenizer tokenizer = new ByteTokenizer();
        EncodedRows rows = new EncodedRows(examples(), tokenizer, 32);
        int[] batch = {3, 4, 5, 6};
        int[] kl = {4, 5, 6, 3};
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt reference = Gpt.create(new GptConfig(tokenizer.vocabSize(), 32, 2, 48, 2), 42);
            GradMode.withoutGradient(() -> {
                float[] klLive = new ReferenceLogProbs(reference, rows, false).of(batch, kl, manager).toFloatArray();
                float[] ownLive = new ReferenceLogProbs(reference, rows, true).of(batch, batch, manager).toFloatArray();
                ReferenceLogProbs precomputed = new ReferenceLogProbs(reference, rows, true);
                precomputed.precompute(batch, kl, manager);
                precomputed.precompute(batch, batch, manager);
                precomputed.release();
                reference.close();
                assertTrue(reference.parameters().get(0).value().isReleased());
                assertArrayEquals(klLive, precomputed.of(batch, kl, manager).toFloatArray());
                assertArrayEquals(ownLive, precomputed.of(batch, batch, manager).toFloatArray());
                IllegalStateException missing = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                        () -> precomputed.of(batch, new int[] {5, 6, 3, 4}, manager));
                assertTrue(missing.getMessage().startsWith("the reference model was freed after precomputing"),
                        missing.getMessage());
                return null;
            });
        }
    }

    /** The rows of {@code batch} as computed, uncached, inside the epoch-0 batches that hold them. */
    private static float[] pick(ReferenceLogProbs uncached, int[][] epoch0, int[] batch, NDManager manager) {
        float[] out = new float[batch.length];
        for (int[] other : epoch0) {
            float[] values = uncached.of(other, other, manager).toFloatArray();
            for (int k = 0; k < batch.length; k++) {
                for (int j = 0; j < other.length; j++) if (other[j] == batch[k]) out[k] = values[j];
            }
        }
        return out;
    }

    /** Rows 0..ROWS-1 in a fixed permutation (stride coprime with ROWS) cut into batches of {@code size}. */
    private static int[][] batches(int size, int stride) {
        List<int[]> out = new ArrayList<>();
        for (int from = 0; from < ROWS; from += size) {
            int[] batch = new int[Math.min(size, ROWS - from)];
            for (int k = 0; k < batch.length; k++) batch[k] = stride == 0 ? from + k : ((from + k) * stride) % ROWS;
            out.add(batch);
        }
        return out.toArray(int[][]::new);
    }

    private static List<Example> examples() {
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
            String digits = "31415926535897932384".substring(0, 1 + (i * 7) % 11);
            out.add(new Example("inc " + digits + "=", "9876543210".substring(0, 1 + (i * 3) % 10), i % 3 != 0, null, "{}"));
        }
        return out;
    }
}
