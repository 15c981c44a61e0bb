package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

import java.nio.DoubleBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Backpropagated gradients of the GPT (through the sequence log-prob sums) against central finite
 * differences, in float64 on a tiny config, for entries of every parameter.
 */
class GptGradientCheckTest {
    private static final GptConfig TINY = new GptConfig(11, 6, 2, 8, 2);
    private static final double EPS = 1e-5;

    @Test
    void backpropMatchesFiniteDifferences() {
        TokenBatch batch = new SequenceBatcher(TestBatches.tinyTokenizer(11), TINY.contextLength())
                .pack(TestBatches.randomPairs(3, 11, 3, 5));
        double[] weights = {0.7, -1.3, 0.4}; // a loss that weighs the sequences differently
        try (Gpt model = Gpt.create(TINY, 3, DataType.FLOAT64)) {
            // GPT-2 init is too close to zero for a searching check: spread every parameter out
            SplittableRandom random = new SplittableRandom(11);
            for (NamedParameter p : model.parameters()) {
                double[] values = p.value().toDoubleArray();
                for (int i = 0; i < values.length; i++) {
                    values[i] += random.nextGaussian() * 0.5;
                }
                p.value().set(DoubleBuffer.wrap(values));
            }

            try (NDManager step = NDManager.newBaseManager();
                 GradientCollector collector = step.getEngine().newGradientCollector()) {
                collector.backward(loss(model, batch, weights, step));
            }

            int checked = 0;
            double worst = 0;
            for (NamedParameter p : model.parameters()) {
                double[] analytic = p.value().getGradient().toDoubleArray();
                Set<Integer> entries = new HashSet<>();
                while (entries.size() < Math.min(3, analytic.length)) {
                    entries.add(random.nextInt(analytic.length));
                }
                for (int index : entries) {
                    double numeric = (lossAfterNudge(model, p, index, EPS, batch, weights)
                            - lossAfterNudge(model, p, index, -EPS, batch, weights)) / (2 * EPS);
                    // relative, with an absolute floor for true zeros (the key bias cannot change a softmax)
                    double error = Math.abs(numeric - analytic[index])
                            / (1e-2 + Math.abs(numeric) + Math.abs(analytic[index]));
                    worst = Math.max(worst, error);
                    assertTrue(error < 1e-7, p.name() + "[" + index + "]: backprop " + analytic[index]
                            + " vs finite difference " + numeric);
                    checked++;
                }
            }
            assertEquals(3 * model.parameters().size(), checked);
            System.out.printf("gradient check: %d entries, worst relative error %.2e%n", checked, worst);
        }
    }

    private static NDArray loss(Gpt model, TokenBatch batch, double[] weights, NDManager step) {
        NDArray logProbs = SequenceLogProbs.compute(model, batch, step);
        return logProbs.mul(step.create(weights, new Shape(weights.length))).sum();
    }

    private static double lossAfterNudge(Gpt model, NamedParameter p, int index, double delta,
                                         TokenBatch batch, double[] weights) {
        double[] values = p.value().toDoubleArray();
        double original = values[index];
        values[index] = original + delta;
        p.value().set(DoubleBuffer.wrap(values));
        try (NDManager step = NDManager.newBaseManager()) {
            return loss(model, batch, weights, step).getDouble();
        } finally {
            values[index] = original;
            p.value().set(DoubleBuffer.wrap(values));
        }
    }

    @Test
    void everyParameterKindIsChecked() {
        try (Gpt model = Gpt.create(TINY, 3, DataType.FLOAT64)) {
            List<String> names = model.parameters().stream().map(NamedParameter::name).toList();
            for (String kind : List.of("wte.weight", "wpe.weight", "h.1.ln_1.weight", "h.1.ln_1.bias",
                    "h.1.attn.c_attn.weight", "h.1.attn.c_attn.bias", "h.1.attn.c_proj.weight", "h.1.attn.c_proj.bias",
                    "h.1.ln_2.weight", "h.1.mlp.c_fc.weight", "h.1.mlp.c_fc.bias", "h.1.mlp.c_proj.weight",
                    "h.1.mlp.c_proj.bias", "ln_f.weight", "ln_f.bias")) {
                assertTrue(names.contains(kind), kind + " in " + names);
            }
        }
    }
}
