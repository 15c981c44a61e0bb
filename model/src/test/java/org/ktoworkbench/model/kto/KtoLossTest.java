package org.ktoworkbench.model.kto;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.ndarray.ManagedArraysTest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * KtoLoss against values computed here from the paper's / TRL's equations, side by side:
 * desirable λ_D(1 − σ(β(r − z0))), undesirable λ_U(1 − σ(β(z0 − r))), APO 1 − σ(βr) and σ(βr).
 */
class KtoLossTest extends ManagedArraysTest {
    private static final double REL = 1e-9;

    /** Per-sequence log-probs of a batch, its labels and the loss parameters, as the loss takes them. */
    private record Batch(double[] p, double[] ref, double[] pKl, double[] rKl, boolean[] desirable, KtoParams params) {
    }

    /** Five rows (two desirable) with unequal λ weights, used by the value and the gradient tests. */
    private static final Batch MIXED = new Batch(
            new double[] {-12.5, -30.25, -7.0, -18.0, -22.5},
            new double[] {-14.0, -29.0, -7.5, -15.5, -22.0},
            new double[] {-20.0, -25.0, -11.0, -19.0, -30.0},
            new double[] {-21.5, -26.0, -10.0, -22.0, -31.0},
            new boolean[] {true, false, true, false, false},
            new KtoParams(0.5, 1.33, 0.75, LossType.KTO));

    private static double sigmoid(double x) {
        return 1.0 / (1.0 + Math.exp(-x));
    }

    private static double sigmoidPrime(double x) {
        return sigmoid(x) * (1.0 - sigmoid(x));
    }

    /** The loss as TRL writes it: chosen terms, rejected terms, weights, concatenation, mean. */
    private static double handLoss(double[] p, double[] ref, boolean[] desirable, double z0, KtoParams params) {
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            double r = p[i] - ref[i];
            double b = params.beta();
            double term;
            if (params.lossType() == LossType.KTO) {
                term = desirable[i] ? 1 - sigmoid(b * (r - z0)) : 1 - sigmoid(b * (z0 - r));
            } else {
                term = desirable[i] ? 1 - sigmoid(b * r) : sigmoid(b * r);
            }
            sum += (desirable[i] ? params.desirableWeight() : params.undesirableWeight()) * term;
        }
        return sum / p.length;
    }

    private static double mean(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] - b[i];
        }
        return sum / a.length;
    }

    private static void assertRel(double expected, double actual, String what) {
        assertEquals(expected, actual, Math.abs(expected) * REL + 1e-15, what);
    }

    private NDArray f64(double... values) {
        return manager.create(values);
    }

    private static double[] asDoubles(NDArray a) {
        return a.toType(DataType.FLOAT64, false).toDoubleArray();
    }

    private static double scalar(NDArray a) {
        return a.getDouble();
    }

    @Test
    void mixedBatchMatchesHandValuesWithLambdaWeights() {
        Batch b = MIXED;

        KtoLoss.Result result = KtoLoss.compute(f64(b.p()), f64(b.ref()), f64(b.pKl()), f64(b.rKl()), b.desirable(),
                b.params());

        double z0 = mean(b.pKl(), b.rKl()); // 1.1: positive, so the clamp leaves it
        assertEquals(1.1, z0, 1e-12);
        assertRel(z0, scalar(result.kl()), "kl");
        assertRel(handLoss(b.p(), b.ref(), b.desirable(), z0, b.params()), scalar(result.loss()), "loss");
        assertArrayEquals(new double[] {0.5 * 1.5, 0.5 * 0.5}, result.chosenRewards().toDoubleArray(), 1e-12);
        assertArrayEquals(new double[] {0.5 * -1.25, 0.5 * -2.5, 0.5 * -0.5},
                result.rejectedRewards().toDoubleArray(), 1e-12);
        assertEquals(DataType.FLOAT64, result.loss().getDataType());
        assertTrue(result.loss().getShape().isScalar());
    }

    @Test
    void klReferencePointIsClampedAtZero() {
        double[] p = {-5.0, -6.0, -4.0};
        double[] ref = {-6.0, -5.0, -4.5};
        double[] pKl = {-20.0, -25.0, -11.0};
        double[] rKl = {-18.0, -24.0, -12.0}; // differences -2, -1, +1: mean -2/3
        boolean[] desirable = {true, false, true};
        KtoParams params = new KtoParams(0.1, 1.0, 1.0, LossType.KTO);

        KtoLoss.Result result = KtoLoss.compute(f64(p), f64(ref), f64(pKl), f64(rKl), desirable, params);

        assertEquals(0.0, scalar(result.kl()));
        assertRel(handLoss(p, ref, desirable, 0.0, params), scalar(result.loss()), "loss");
    }

    @Test
    void klReferencePointAveragesBeforeClamping() {
        double[] p = {-5.0, -6.0};
        double[] ref = {-6.0, -5.0};
        double[] pKl = {-10.0, -10.0};
        double[] rKl = {-13.0, -9.0}; // differences +3 and -1: average then clamp = 1 (clamp then average = 1.5)
        boolean[] desirable = {true, false};
        KtoParams params = new KtoParams(0.2, 1.0, 1.0, LossType.KTO);

        KtoLoss.Result result = KtoLoss.compute(f64(p), f64(ref), f64(pKl), f64(rKl), desirable, params);

        assertRel(1.0, scalar(result.kl()), "kl");
        assertRel(handLoss(p, ref, desirable, 1.0, params), scalar(result.loss()), "loss");
    }

    @Test
    void singleClassBatchesLeaveTheOtherSideEmpty() {
        double[] p = {-3.0, -8.0, -1.0};
        double[] ref = {-4.0, -7.0, -2.5};
        double[] pKl = {-9.0, -9.5, -3.0};
        double[] rKl = {-9.5, -9.0, -4.0};
        double z0 = mean(pKl, rKl);
        KtoParams params = new KtoParams(0.1, 2.0, 0.5, LossType.KTO);

        boolean[] allGood = {true, true, true};
        KtoLoss.Result good = KtoLoss.compute(f64(p), f64(ref), f64(pKl), f64(rKl), allGood, params);
        assertEquals(3, good.chosenRewards().size());
        assertEquals(0, good.rejectedRewards().size());
        assertEquals(1, good.rejectedRewards().getShape().dimension());
        assertRel(handLoss(p, ref, allGood, z0, params), scalar(good.loss()), "all-desirable loss");

        boolean[] allBad = {false, false, false};
        KtoLoss.Result bad = KtoLoss.compute(f64(p), f64(ref), f64(pKl), f64(rKl), allBad, params);
        assertEquals(0, bad.chosenRewards().size());
        assertEquals(3, bad.rejectedRewards().size());
        assertRel(handLoss(p, ref, allBad, z0, params), scalar(bad.loss()), "all-undesirable loss");
        assertTrue(Double.isFinite(scalar(bad.loss())));
    }

    @Test
    void apoZeroUnpairedNeedsNoKlPairsAndAppliesLambdaWeights() {
        double[] p = {-3.0, -8.0, -1.0, -6.0};
        double[] ref = {-4.0, -7.0, -2.5, -9.0};
        boolean[] desirable = {true, false, true, false};
        KtoParams params = new KtoParams(0.3, 1.5, 0.8, LossType.APO_ZERO_UNPAIRED);

        KtoLoss.Result result = KtoLoss.compute(f64(p), f64(ref), null, null, desirable, params);

        assertEquals(0.0, scalar(result.kl()));
        double expected = (1.5 * (1 - sigmoid(0.3 * 1.0)) + 0.8 * sigmoid(0.3 * -1.0)
                + 1.5 * (1 - sigmoid(0.3 * 1.5)) + 0.8 * sigmoid(0.3 * 3.0)) / 4;
        assertRel(expected, scalar(result.loss()), "apo loss");
        assertRel(handLoss(p, ref, desirable, 0.0, params), scalar(result.loss()), "apo loss (helper)");
        assertArrayEquals(new double[] {0.3, 0.45}, result.chosenRewards().toDoubleArray(), 1e-12);
    }

    @Test
    void gradientFlowsOnlyToPolicyLogpsAndMatchesHandDerivative() {
        Batch b = MIXED;
        double z0 = mean(b.pKl(), b.rKl());

        NDArray policy = f64(b.p());
        NDArray policyKl = f64(b.pKl());
        NDArray reference = f64(b.ref());
        policy.setRequiresGradient(true);
        policyKl.setRequiresGradient(true);
        reference.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            KtoLoss.Result result = KtoLoss.compute(policy, reference, policyKl, f64(b.rKl()), b.desirable(), b.params());
            System.gc(); // constants must survive a GC until backward (DESIGN: DJL facts that bite)
            collector.backward(result.loss());
        }

        double[] grad = policy.getGradient().toDoubleArray();
        for (int i = 0; i < b.p().length; i++) {
            double r = b.p()[i] - b.ref()[i];
            double sign = b.desirable()[i] ? 1 : -1;
            double lambda = b.desirable()[i] ? b.params().desirableWeight() : b.params().undesirableWeight();
            double x = sign * b.params().beta() * (r - z0);
            double expected = -lambda * sigmoidPrime(x) * sign * b.params().beta() / b.p().length;
            assertRel(expected, grad[i], "d loss / d policy[" + i + "]");
        }
        // an array outside the graph reports an all-zero gradient (DJL fills one in, as float32)
        assertArrayEquals(new double[5], asDoubles(policyKl.getGradient()), 0.0, "z0 is detached");
        assertArrayEquals(new double[5], asDoubles(reference.getGradient()), 0.0, "reference is constant");
    }

    @Test
    void apoGradientMatchesHandDerivative() {
        double[] p = {-3.0, -8.0, -1.0};
        double[] ref = {-4.0, -7.0, -2.5};
        boolean[] desirable = {true, false, false};
        KtoParams params = new KtoParams(0.3, 1.5, 0.8, LossType.APO_ZERO_UNPAIRED);

        NDArray policy = f64(p);
        policy.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(KtoLoss.compute(policy, f64(ref), null, null, desirable, params).loss());
        }

        double[] grad = policy.getGradient().toDoubleArray();
        double b = 0.3;
        // d/dr [1 − σ(βr)] = −β σ'(βr);  d/dr σ(βr) = +β σ'(βr)
        assertRel(-1.5 * b * sigmoidPrime(b * 1.0) / 3, grad[0], "desirable");
        assertRel(0.8 * b * sigmoidPrime(b * -1.0) / 3, grad[1], "undesirable");
        assertRel(0.8 * b * sigmoidPrime(b * 1.5) / 3, grad[2], "undesirable");
    }

    @Test
    void float32InputsGiveFloat32Results() {
        NDArray p = manager.create(new float[] {-3f, -8f});
        NDArray ref = manager.create(new float[] {-4f, -7f});
        NDArray kl = manager.create(new float[] {-1f, -1f});
        KtoLoss.Result result = KtoLoss.compute(p, ref, kl, kl, new boolean[] {true, false}, KtoParams.defaults());
        assertEquals(DataType.FLOAT32, result.loss().getDataType());
        double expected = handLoss(new double[] {-3, -8}, new double[] {-4, -7}, new boolean[] {true, false}, 0,
                KtoParams.defaults());
        assertEquals(expected, result.loss().getFloat(), 1e-6);
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        NDArray two = f64(-1, -2);
        KtoParams kto = KtoParams.defaults();
        IllegalArgumentException lengths = assertThrows(IllegalArgumentException.class,
                () -> KtoLoss.compute(two, f64(-1, -2, -3), two, two, new boolean[] {true, false}, kto));
        assertTrue(lengths.getMessage().contains("referenceLogps"), lengths.getMessage());
        IllegalArgumentException noKl = assertThrows(IllegalArgumentException.class,
                () -> KtoLoss.compute(two, two, null, null, new boolean[] {true, false}, kto));
        assertTrue(noKl.getMessage().contains("KL"), noKl.getMessage());
        IllegalArgumentException labels = assertThrows(IllegalArgumentException.class,
                () -> KtoLoss.compute(two, two, two, two, new boolean[] {true}, kto));
        assertTrue(labels.getMessage().contains("policyLogps"), labels.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new KtoParams(0, 1, 1, LossType.KTO));
        assertThrows(IllegalArgumentException.class, () -> new KtoParams(0.1, -1, 1, LossType.KTO));
    }
}
