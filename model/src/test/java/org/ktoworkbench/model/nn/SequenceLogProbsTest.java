package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.text.ByteTokenizer;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SequenceLogProbsTest {
    private static final GptConfig SMALL = new GptConfig(259, 16, 2, 32, 4);
    private final SequenceBatcher batcher = new SequenceBatcher(new ByteTokenizer(), 16);

    @Test
    void sumsLogSoftmaxOfCompletionTargetsOnly() {
        SequenceBatcher.Pair pair = new SequenceBatcher.Pair(new int[] {10, 11}, new int[] {12, 13});
        TokenBatch batch = batcher.pack(List.of(pair));
        try (Gpt model = Gpt.create(SMALL, 4); NDManager step = NDManager.newBaseManager()) {
            float[] logits = model.logits(batch.inputs(step)).toFloatArray();
            // by hand: positions 2, 3, 4 predict 12, 13 and EOS
            int v = SMALL.vocabSize();
            double expected = logSoftmax(logits, 2 * v, v, 12) + logSoftmax(logits, 3 * v, v, 13)
                    + logSoftmax(logits, 4 * v, v, ByteTokenizer.EOS);
            NDArray sums = SequenceLogProbs.compute(model, batch, step);
            assertEquals(new Shape(1), sums.getShape());
            assertEquals(DataType.FLOAT32, sums.getDataType());
            assertEquals(expected, sums.getFloat(0), 1e-4);
            assertTrue(expected < -3 * Math.log(259) * 0.9, "an untrained model is near uniform: " + expected);
            double nll = SequenceLogProbs.meanNll(model, batch, step).getFloat();
            assertEquals(-expected / 3, nll, 1e-5);
        }
    }

    private static double logSoftmax(float[] logits, int offset, int vocab, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double total = 0;
        for (int i = 0; i < vocab; i++) {
            total += Math.exp(logits[offset + i] - max);
        }
        return logits[offset + target] - max - Math.log(total);
    }

    @Test
    void promptTargetsAndPaddingDoNotCount() {
        List<SequenceBatcher.Pair> pairs = List.of(
                new SequenceBatcher.Pair(new int[] {1, 2, 3}, new int[] {4, 5}),
                new SequenceBatcher.Pair(new int[] {6}, new int[] {7, 8, 9, 10, 11, 12}));
        TokenBatch batch = batcher.pack(pairs);
        int[] otherTargets = batch.targets().clone();
        for (int i = 0; i < otherTargets.length; i++) {
            if (batch.completionMask()[i] == 0) {
                otherTargets[i] = (otherTargets[i] + 17) % 256; // prompt targets and padding
            }
        }
        TokenBatch changed = new TokenBatch(batch.batchSize(), batch.length(), batch.inputs(), otherTargets,
                batch.completionMask(), batch.tokenCount(), batch.completionTokenCount(), batch.truncatedRows());
        try (Gpt model = Gpt.create(SMALL, 4); NDManager step = NDManager.newBaseManager()) {
            float[] sums = SequenceLogProbs.compute(model, batch, step).toFloatArray();
            float[] sumsChanged = SequenceLogProbs.compute(model, changed, step).toFloatArray();
            float[] alone = SequenceLogProbs.compute(model, batcher.pack(List.of(pairs.get(0))), step).toFloatArray();
            assertEquals(sums[0], sumsChanged[0], 1e-6);
            assertEquals(sums[1], sumsChanged[1], 1e-6);
            assertEquals(alone[0], sums[0], 1e-4, "right padding must not change a row's sum");
            // a SUM, not a mean: the 7-target row is far less likely than the 3-target row
            assertTrue(sums[1] < sums[0] * 1.8, sums[0] + " vs " + sums[1]);
        }
    }

    @Test
    void insideACollectorOnlyThePolicyPassRecordsAGraph() {
        TokenBatch batch = batcher.pack(List.of(new SequenceBatcher.Pair(new int[] {1}, new int[] {2, 3})));
        try (Gpt model = Gpt.create(SMALL, 4)) {
            NDArray embedding = model.parameters().get(0).value();
            float[] both;
            try (NDManager step = NDManager.newBaseManager();
                 GradientCollector collector = step.getEngine().newGradientCollector()) {
                NDArray policy = SequenceLogProbs.compute(model, batch, step);
                NDArray detached = SequenceLogProbs.computeWithoutGradient(model, batch, step);
                assertTrue(JniUtils.isGradMode(), "grad mode is restored for the rest of the step");
                assertEquals(policy.getFloat(0), detached.getFloat(0), 1e-6);
                collector.backward(policy.add(detached).sum());
                both = embedding.getGradient().toFloatArray();
            }
            model.zeroGradients();
            float[] policyOnly;
            try (NDManager step = NDManager.newBaseManager();
                 GradientCollector collector = step.getEngine().newGradientCollector()) {
                collector.backward(SequenceLogProbs.compute(model, batch, step).sum());
                policyOnly = embedding.getGradient().toFloatArray();
            }
            // had the second pass recorded a graph, the first gradient would be twice the second
            assertArrayEquals(policyOnly, both, 1e-7f);
            assertTrue(Math.abs(policyOnly[2 * SMALL.dModel()]) > 0, "token 2's embedding gets a gradient");
        }
    }
}
