package org.ktoworkbench.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.ndarray.ManagedArraysTest;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.ndarray.ConstantArrays;
import org.ktoworkbench.model.nn.NamedParameter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AdamW against updates computed here with torch.optim.AdamW's formulas (float64), for a matrix
 * with weight decay and a vector without, under the loss Σ c ⊙ p² / 2 (so grad = c ⊙ p).
 */
class AdamWTest extends ManagedArraysTest {
    private static final double[] W0 = {0.5, -1.0, 2.0, 0.25};
    private static final double[] CW = {1.0, 2.0, -0.5, 4.0};
    private static final double[] B0 = {0.1, -0.3};
    private static final double[] CB = {3.0, 1.0};

    private NamedParameter parameter(String name, double[] values, Shape shape, boolean decay) {
        NDArray array = manager.create(values, shape);
        array.setRequiresGradient(true);
        return new NamedParameter(name, array, decay);
    }

    private List<NamedParameter> model() {
        return List.of(parameter("w", W0, new Shape(2, 2), true), parameter("b", B0, new Shape(2), false));
    }

    /** Runs backward of Σ c ⊙ p² / 2 over the given parameters (gradients add up until a step). */
    private void backward(List<NamedParameter> params, double[]... coefficients) {
        try (NDManager step = manager.newSubManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray half = ConstantArrays.scalar(step, 0.5, DataType.FLOAT64);
            NDArray loss = null;
            for (int i = 0; i < params.size(); i++) {
                NDArray p = params.get(i).value();
                NDArray c = ConstantArrays.vector(step, coefficients[i], DataType.FLOAT64).reshape(p.getShape());
                NDArray term = c.mul(p).mul(p).sum().mul(half);
                loss = loss == null ? term : loss.add(term);
            }
            collector.backward(loss);
        }
    }

    /** torch.optim.AdamW on one tensor, in doubles. */
    private static final class HandAdamW {
        final double[] p;
        final double[] m;
        final double[] v;
        final double wd;
        int t;

        HandAdamW(double[] p, double wd) {
            this.p = p.clone();
            this.m = new double[p.length];
            this.v = new double[p.length];
            this.wd = wd;
        }

        void step(double[] g, double lr) {
            t++;
            for (int i = 0; i < p.length; i++) {
                p[i] *= 1 - lr * wd;
                m[i] = 0.9 * m[i] + 0.1 * g[i];
                v[i] = 0.999 * v[i] + 0.001 * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.999, t));
                p[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
            }
        }
    }

    private static double[] times(double[] c, double[] p, double scale) {
        double[] g = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            g[i] = c[i] * p[i] * scale;
        }
        return g;
    }

    private static double norm(double[]... arrays) {
        double sum = 0;
        for (double[] a : arrays) {
            for (double x : a) {
                sum += x * x;
            }
        }
        return Math.sqrt(sum);
    }

    private static void assertClose(double[] expected, NDArray actual) {
        double[] values = actual.toDoubleArray();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], values[i], Math.abs(expected[i]) * 1e-12 + 1e-15, "entry " + i);
        }
    }

    @Test
    void twoStepsMatchTorchFormulasWithDecayOnlyOnDecayParameters() throws Exception {
        List<NamedParameter> params = model();
        AdamWConfig config = AdamWConfig.defaults().withWeightDecay(0.1).withMaxGradNorm(0);
        HandAdamW w = new HandAdamW(W0, 0.1);
        HandAdamW b = new HandAdamW(B0, 0.0);
        try (AdamW optimizer = new AdamW(params, config)) {
            double[] lrs = {1e-2, 5e-3};
            for (double lr : lrs) {
                double[] gw = times(CW, w.p, 1);
                double[] gb = times(CB, b.p, 1);
                backward(params, CW, CB);
                double gradNorm = optimizer.step(lr);
                assertEquals(norm(gw, gb), gradNorm, 1e-12);
                w.step(gw, lr);
                b.step(gb, lr);
            }
            assertEquals(2, optimizer.stepCount());
        }
        assertClose(w.p, params.get(0).value());
        assertClose(b.p, params.get(1).value());
        // decaying b too would move it by lr * wd * b ~ 1e-4 relative, far outside the 1e-12 tolerance
    }

    /** A loss scaler's gradients (of 1024 · loss) stepped with multiplier 1/1024: norm, clipping and update unscaled. */
    @Test
    void aGradientMultiplierUnscalesNormClippingAndUpdate() throws Exception {
        List<NamedParameter> params = model();
        double[] bigW = {10, 20, -5, 40};
        double[] bigB = {30, 10};
        double scale = 1024;
        double[] scaledW = java.util.Arrays.stream(bigW).map(c -> c * scale).toArray();
        double[] scaledB = java.util.Arrays.stream(bigB).map(c -> c * scale).toArray();
        double preClip = norm(times(bigW, W0, 1), times(bigB, B0, 1));
        double coefficient = 1.0 / (preClip + 1e-6);
        HandAdamW w = new HandAdamW(W0, 0);
        HandAdamW b = new HandAdamW(B0, 0);
        try (AdamW optimizer = new AdamW(params, AdamWConfig.defaults())) {
            backward(params, scaledW, scaledB);
            assertEquals(preClip, optimizer.step(1e-2, 1.0 / scale), 1e-9);
        }
        w.step(times(bigW, W0, coefficient), 1e-2);
        b.step(times(bigB, B0, coefficient), 1e-2);
        assertClose(w.p, params.get(0).value());
        assertClose(b.p, params.get(1).value());
    }

    @Test
    void clippingScalesByGlobalNormAndReportsThePreClipNorm() throws Exception {
        List<NamedParameter> params = model();
        double[] bigW = {10, 20, -5, 40};
        double[] bigB = {30, 10};
        double[] gw = times(bigW, W0, 1);
        double[] gb = times(bigB, B0, 1);
        double preClip = norm(gw, gb);
        double coefficient = 1.0 / (preClip + 1e-6);
        HandAdamW w = new HandAdamW(W0, 0);
        HandAdamW b = new HandAdamW(B0, 0);
        try (AdamW optimizer = new AdamW(params, AdamWConfig.defaults())) {
            backward(params, bigW, bigB);
            assertEquals(preClip, optimizer.step(1e-2), 1e-12);
        }
        assertTrue(preClip > 1.0);
        w.step(times(bigW, W0, coefficient), 1e-2);
        b.step(times(bigB, B0, coefficient), 1e-2);
        assertClose(w.p, params.get(0).value());
        assertClose(b.p, params.get(1).value());
    }

    @Test
    void aNonFiniteGradientChangesNothing() throws Exception {
        List<NamedParameter> params = model();
        try (AdamW optimizer = new AdamW(params, AdamWConfig.defaults())) {
            backward(params, new double[] {1, Double.NaN, 1, 1}, CB);
            NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class, () -> optimizer.step(1e-2));
            assertTrue(Double.isNaN(e.gradNorm()));
            assertEquals(0, optimizer.stepCount());
            assertArrayEquals(W0, params.get(0).value().toDoubleArray(), 0.0);
            assertArrayEquals(B0, params.get(1).value().toDoubleArray(), 0.0);

            // moments were not touched either: the next good step is a first step
            HandAdamW w = new HandAdamW(W0, 0);
            double[] gw = times(CW, W0, 1);
            backward(params, CW, CB);
            double gradNorm = optimizer.step(1e-3);
            double clip = Math.min(1, 1.0 / (gradNorm + 1e-6));
            w.step(times(CW, W0, clip), 1e-3);
            assertClose(w.p, params.get(0).value());
            assertEquals(norm(gw, times(CB, B0, 1)), gradNorm, 1e-12);
        }
    }

    @Test
    void float32ParametersUpdateInFloat32() throws Exception {
        NDArray w = manager.create(new float[] {0.5f, -1.0f, 2.0f, 0.25f});
        w.setRequiresGradient(true);
        try (AdamW optimizer = new AdamW(List.of(new NamedParameter("w", w, true)),
                AdamWConfig.defaults().withWeightDecay(0.1).withMaxGradNorm(0))) {
            try (NDManager step = manager.newSubManager();
                 GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(w.mul(ConstantArrays.vector(step, CW, DataType.FLOAT32)).sum());
            }
            optimizer.step(1e-2);
        }
        HandAdamW hand = new HandAdamW(W0, 0.1);
        hand.step(CW, 1e-2);
        assertEquals(DataType.FLOAT32, w.getDataType());
        float[] actual = w.toFloatArray();
        for (int i = 0; i < 4; i++) {
            assertEquals(hand.p[i], actual[i], 1e-6, "entry " + i);
        }
    }

    @Test
    void stepsLeaveNothingBehindInTheModelsManager() throws Exception {
        List<NamedParameter> params = model();
        try (AdamW optimizer = new AdamW(params, AdamWConfig.defaults().withWeightDecay(0.1))) {
            backward(params, CW, CB);
            optimizer.step(1e-3);
            int arrays = manager.getManagedArrays().size();
            for (int i = 0; i < 3; i++) {
                backward(params, CW, CB);
                optimizer.step(1e-3);
            }
            assertEquals(arrays, manager.getManagedArrays().size());
        }
    }

    @Test
    void aParameterWithoutGradientIsLeftAlone() throws Exception {
        NamedParameter used = parameter("used", W0, new Shape(4), true);
        NamedParameter unused = parameter("unused", B0, new Shape(2), true);
        try (AdamW optimizer = new AdamW(List.of(used, unused), AdamWConfig.defaults().withWeightDecay(0.5))) {
            backward(List.of(used), CW);
            optimizer.step(1e-2);
        }
        assertArrayEquals(B0, unused.value().toDoubleArray(), 0.0);
        assertTrue(Math.abs(used.value().toDoubleArray()[0] - W0[0]) > 1e-4);
    }

    @Test
    void gradientsAccumulateUntilAStepConsumesThem() throws Exception {
        List<NamedParameter> params = model();
        try (AdamW optimizer = new AdamW(params, AdamWConfig.defaults().withMaxGradNorm(0))) {
            backward(params, CW, CB);
            backward(params, CW, CB);
            assertArrayEquals(times(CW, W0, 2), params.get(0).value().getGradient().toDoubleArray(), 1e-15);
            assertEquals(2 * norm(times(CW, W0, 1), times(CB, B0, 1)), optimizer.step(1e-3), 1e-12);
            assertArrayEquals(new double[4], params.get(0).value().getGradient().toDoubleArray(), 0.0);
            backward(params, CW, CB);
            optimizer.zeroGradients();
            assertArrayEquals(new double[2], params.get(1).value().getGradient().toDoubleArray(), 0.0);
        }
    }

    @Test
    void savedStateResumesToIdenticalWeights(@TempDir Path dir) throws Exception {
        AdamWConfig config = AdamWConfig.defaults().withWeightDecay(0.01);
        List<NamedParameter> original = model();
        List<NamedParameter> copy = model();
        try (AdamW first = new AdamW(original, config)) {
            for (int i = 0; i < 2; i++) {
                backward(original, CW, CB);
                first.step(1e-2);
            }
            first.save(dir.resolve("opt"));
            for (int i = 0; i < copy.size(); i++) {
                copy.get(i).value().set(original.get(i).value().toByteBuffer());
            }
            try (AdamW resumed = AdamW.load(copy, dir.resolve("opt"))) {
                assertEquals(2, resumed.stepCount());
                assertEquals(config, resumed.config());
                backward(original, CW, CB);
                backward(copy, CW, CB);
                first.step(3e-3);
                resumed.step(3e-3);
            }
        }
        for (int i = 0; i < copy.size(); i++) {
            assertArrayEquals(original.get(i).value().toDoubleArray(), copy.get(i).value().toDoubleArray(), 0.0,
                    original.get(i).name());
        }
        assertTrue(Files.readString(dir.resolve("opt/optimizer.json")).contains("\"step\" : 2"));
    }

    @Test
    void loadingStateOfOtherParametersNamesTheMismatch(@TempDir Path dir) throws Exception {
        try (AdamW optimizer = new AdamW(model(), AdamWConfig.defaults())) {
            optimizer.save(dir);
        }
        List<NamedParameter> other = List.of(parameter("w", W0, new Shape(4), true),
                parameter("b", B0, new Shape(2), false));
        IOException shape = assertThrows(IOException.class, () -> AdamW.load(other, dir));
        assertTrue(shape.getMessage().contains("'w'") && shape.getMessage().contains("(2, 2)"), shape.getMessage());
        List<NamedParameter> renamed = List.of(parameter("w2", W0, new Shape(2, 2), true));
        IOException missing = assertThrows(IOException.class, () -> AdamW.load(renamed, dir));
        assertTrue(missing.getMessage().contains("w2"), missing.getMessage());
        IOException none = assertThrows(IOException.class, () -> AdamW.load(model(), dir.resolve("absent")));
        assertTrue(none.getMessage().contains("absent"), none.getMessage());
    }
}
