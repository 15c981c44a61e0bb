package org.ktoworkbench.model.kto;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.ndarray.ManagedArraysTest;

import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DpoLoss against values worked out by hand, and against TRL's {@code dpo_loss} for {@code loss_type="sigmoid"}
 * transcribed here in plain doubles (with torch's formula for logsigmoid).
 */
class DpoLossTest extends ManagedArraysTest {
    /**
     * Four pairs at β = 0.5 (policy chosen, policy rejected, reference chosen, reference rejected):
     * <pre>
     *   pair  π_c    π_r    ref_c  ref_r   π_c−ref_c  π_r−ref_r  logits  β·logits  −log σ(β·logits)
     *   1    −10    −14    −11    −13        1         −1         2       1       log(1+e^−1)   = 0.31326168751822286
     *   2    −20    −18    −19    −19       −1          1        −2      −1       log(1+e^1)    = 1.3132616875182228
     *   3     −5     −9     −6     −9        1          0         1       0.5     log(1+e^−0.5) = 0.4740769841801067
     *   4     −7     −8    −7.5   −8.5      0.5        0.5        0       0       log 2         = 0.6931471805599453
     * </pre>
     * loss = (0.31326168751822286 + 1.3132616875182228 + 0.4740769841801067 + 0.6931471805599453) / 4
     *      = 0.6984368849441245.
     * Rewards β·(π − ref): chosen 0.5, −0.5, 0.5, 0.25; rejected −0.5, 0.5, 0, 0.25.
     */
    private static final double[] PC = {-10, -20, -5, -7};
    private static final double[] PR = {-14, -18, -9, -8};
    private static final double[] RC = {-11, -19, -6, -7.5};
    private static final double[] RR = {-13, -19, -9, -8.5};
    private static final double BETA = 0.5;

    private NDArray f64(double... values) {
        return manager.create(values);
    }

    @Test
    void fourPairsMatchTheHandComputedLossAndRewards() {
        DpoLoss.Result result = DpoLoss.compute(f64(PC), f64(PR), f64(RC), f64(RR), BETA);

        assertEquals(0.6984368849441245, result.loss().getDouble(), 1e-15);
        assertTrue(result.loss().getShape().isScalar());
        assertEquals(DataType.FLOAT64, result.loss().getDataType());
        assertArrayEquals(new double[] {0.5, -0.5, 0.5, 0.25}, result.chosenRewards().toDoubleArray(), 1e-15);
        assertArrayEquals(new double[] {-0.5, 0.5, 0, 0.25}, result.rejectedRewards().toDoubleArray(), 1e-15);
    }

    /**
     * d loss / d π_c,i = −(β/n)·σ(−β·logits_i) and d loss / d π_r,i = +(β/n)·σ(−β·logits_i); with β/n = 0.125:
     * σ(−1) = 0.2689414213699951 → 0.03361767767124939, σ(1) → 0.09138232232875061, σ(−0.5) → 0.047192583599768176,
     * σ(0) = 0.5 → 0.0625. The reference log-probs get no gradient.
     */
    @Test
    void gradientReachesOnlyThePolicyAndMatchesTheHandDerivative() {
        NDArray pc = f64(PC);
        NDArray pr = f64(PR);
        NDArray rc = f64(RC);
        pc.setRequiresGradient(true);
        pr.setRequiresGradient(true);
        rc.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            DpoLoss.Result result = DpoLoss.compute(pc, pr, rc, f64(RR), BETA);
            System.gc(); // constants must survive a GC until backward (DESIGN: DJL facts that bite)
            collector.backward(result.loss());
        }
        double[] perPair = {0.03361767767124939, 0.09138232232875061, 0.047192583599768176, 0.0625};
        double[] negated = new double[perPair.length];
        for (int i = 0; i < perPair.length; i++) negated[i] = -perPair[i];
        assertArrayEquals(negated, pc.getGradient().toDoubleArray(), 1e-15, "d loss / d policy chosen");
        assertArrayEquals(perPair, pr.getGradient().toDoubleArray(), 1e-15, "d loss / d policy rejected");
        assertArrayEquals(new double[4], rc.getGradient().toType(DataType.FLOAT64, false).toDoubleArray(), 0.0,
                "the reference is constant");
    }

    /** TRL's {@code DPOTrainer.dpo_loss}, sigmoid branch, label smoothing 0, line by line in doubles. */
    private static double[] trlSigmoidLosses(double[] chosenLogps, double[] rejectedLogps, double[] refChosenLogps,
                                             double[] refRejectedLogps, double beta, double labelSmoothing) {
        double[] losses = new double[chosenLogps.length];
        for (int i = 0; i < losses.length; i++) {
            double logratios = chosenLogps[i] - rejectedLogps[i];
            double refLogratios = refChosenLogps[i] - refRejectedLogps[i];
            double logits = logratios - refLogratios;
            losses[i] = -torchLogSigmoid(beta * logits) * (1 - labelSmoothing)
                    - torchLogSigmoid(-beta * logits) * labelSmoothing;
        }
        return losses;
    }

    /** torch's log_sigmoid: min(x, 0) − log1p(exp(−|x|)). */
    private static double torchLogSigmoid(double x) {
        return Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x)));
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double v : values) sum += v;
        return sum / values.length;
    }

    @Test
    void randomBatchesMatchTrlsFormula() {
        Random random = new Random(7);
        for (double beta : new double[] {0.05, 0.1, 0.5, 2.0}) {
            for (int trial = 0; trial < 5; trial++) {
                int n = 1 + random.nextInt(16);
                double[][] logps = new double[4][n];
                for (double[] side : logps) {
                    for (int i = 0; i < n; i++) side[i] = -60 * random.nextDouble() - 1;
                }
                DpoLoss.Result result = DpoLoss.compute(f64(logps[0]), f64(logps[1]), f64(logps[2]), f64(logps[3]), beta);
                double expected = mean(trlSigmoidLosses(logps[0], logps[1], logps[2], logps[3], beta, 0));
                // 1e-9: torch's softplus returns x itself above 20, off by less than exp(−20) ≈ 2e-9 on such a pair
                assertEquals(expected, result.loss().getDouble(), 1e-9 * Math.max(1, expected), "β " + beta + " trial " + trial);
                double[] chosen = result.chosenRewards().toDoubleArray();
                for (int i = 0; i < n; i++) assertEquals(beta * (logps[0][i] - logps[2][i]), chosen[i], 1e-12);
            }
        }
    }

    /** Logits of ±1000: TRL's logsigmoid stays finite, and so does ours (σ alone would round to 0 or 1). */
    @Test
    void extremeLogitsStayFiniteAsInTrl() {
        double[] pc = {-1.0, -2001.0};
        double[] pr = {-2001.0, -1.0};
        double[] ref = {-1.0, -1.0};
        DpoLoss.Result result = DpoLoss.compute(f64(pc), f64(pr), f64(ref), f64(ref), 1.0);
        double expected = mean(trlSigmoidLosses(pc, pr, ref, ref, 1.0, 0)); // (≈0 + 2000) / 2
        assertEquals(1000.0, expected, 1e-9);
        assertEquals(expected, result.loss().getDouble(), 1e-9);
    }

    @Test
    void float32InputsGiveAFloat32Loss() {
        NDArray pc = manager.create(new float[] {-10f, -20f});
        NDArray pr = manager.create(new float[] {-14f, -18f});
        NDArray rc = manager.create(new float[] {-11f, -19f});
        NDArray rr = manager.create(new float[] {-13f, -19f});
        DpoLoss.Result result = DpoLoss.compute(pc, pr, rc, rr, BETA);
        assertEquals(DataType.FLOAT32, result.loss().getDataType());
        assertEquals((0.31326168751822286 + 1.3132616875182228) / 2, result.loss().getFloat(), 1e-6);
    }

    @Test
    void metricsCarryTrlsNamesAndTheHandValues() {
        DpoLoss.Result result = DpoLoss.compute(f64(PC), f64(PR), f64(RC), f64(RR), BETA);
        Map<String, Double> metrics = DpoMetrics.of(result, f64(PC), f64(PR));

        assertEquals(java.util.List.of("loss", "rewards/chosen", "rewards/rejected", "rewards/accuracies",
                "rewards/margins", "logps/chosen", "logps/rejected"), java.util.List.copyOf(metrics.keySet()));
        assertEquals(0.6984368849441245, metrics.get("loss"), 1e-15);
        assertEquals((0.5 - 0.5 + 0.5 + 0.25) / 4, metrics.get("rewards/chosen"), 1e-15);   // 0.1875
        assertEquals((-0.5 + 0.5 + 0 + 0.25) / 4, metrics.get("rewards/rejected"), 1e-15);  // 0.0625
        // chosen > rejected in pairs 1 and 3; pair 4 ties (0.25 = 0.25) and does not count, as TRL's strict >
        assertEquals(0.5, metrics.get("rewards/accuracies"), 0.0);
        assertEquals((1 - 1 + 0.5 + 0) / 4, metrics.get("rewards/margins"), 1e-15);        // 0.125
        assertEquals((-10 - 20 - 5 - 7) / 4.0, metrics.get("logps/chosen"), 1e-15);
        assertEquals((-14 - 18 - 9 - 8) / 4.0, metrics.get("logps/rejected"), 1e-15);
    }

    @Test
    void badInputIsRefusedWithAClearMessage() {
        NDArray two = f64(-1, -2);
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> DpoLoss.compute(two, two, f64(-1, -2, -3), two, 0.1));
        assertTrue(lengths.getMessage().contains("referenceChosen"), lengths.getMessage());
        IllegalArgumentException types = assertThrows(IllegalArgumentException.class,
                () -> DpoLoss.compute(two, manager.create(new float[] {-1f, -2f}), two, two, 0.1));
        assertTrue(types.getMessage().contains("policyRejected"), types.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DpoLoss.compute(two, two, two, two, 0));
        IllegalArgumentException perRow = assertThrows(IllegalArgumentException.class, () -> KtoLoss.compute(two, two,
                null, null, new boolean[] {true, false}, new KtoParams(0.1, 1, 1, LossType.DPO)));
        assertTrue(perRow.getMessage().contains("DpoLoss"), perRow.getMessage());
    }
}
