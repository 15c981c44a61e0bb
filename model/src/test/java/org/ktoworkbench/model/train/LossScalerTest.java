package org.ktoworkbench.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.ndarray.ConstantArrays;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.GptConfig;
import org.ktoworkbench.model.nn.NamedParameter;
import org.ktoworkbench.model.nn.SequenceLogProbs;
import org.ktoworkbench.model.nn.TokenBatch;
import org.ktoworkbench.model.text.ByteTokenizer;
import org.ktoworkbench.model.data.Example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Dynamic loss scaling: backoff and skip on overflow, growth after a run of good steps, exact unscaling. */
class LossScalerTest {

    @Test
    void anOverflowSkipsTheStepAndHalvesTheScale() {
        LossScaler scaler = new LossScaler(1024, 2, 0.5, 3);
        assertTrue(scaler.update(12.5));
        assertFalse(scaler.update(Double.POSITIVE_INFINITY), "an infinite gradient norm: skip");
        assertEquals(512, scaler.scale());
        assertFalse(scaler.update(Double.NaN), "NaN: skip");
        assertEquals(256, scaler.scale());
        assertEquals(2, scaler.skippedSteps());
        assertEquals(1.0 / 256, scaler.unscaleFactor());
    }

    @Test
    void growthIntervalGoodStepsInARowDoubleTheScaleAndAnOverflowRestartsTheCount() {
        LossScaler scaler = new LossScaler(8, 2, 0.5, 3);
        scaler.update(1);
        scaler.update(1);
        assertEquals(8, scaler.scale(), "two good steps of three");
        scaler.update(1);
        assertEquals(16, scaler.scale(), "the third doubles it");
        scaler.update(1);
        scaler.update(1);
        scaler.update(Double.POSITIVE_INFINITY);
        assertEquals(8, scaler.scale());
        scaler.update(1);
        scaler.update(1);
        assertEquals(8, scaler.scale(), "the count restarted at the overflow");
        scaler.update(1);
        assertEquals(16, scaler.scale());
        assertEquals(65536.0, LossScaler.defaults().scale(), "PyTorch's GradScaler starts at 2^16");
    }

    @Test
    void nonsenseSettingsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LossScaler(0, 2, 0.5, 10));
        assertThrows(IllegalArgumentException.class, () -> new LossScaler(8, 1, 0.5, 10));
        assertThrows(IllegalArgumentException.class, () -> new LossScaler(8, 2, 1, 10));
        assertThrows(IllegalArgumentException.class, () -> new LossScaler(8, 2, 0.5, 0));
    }

    /** Gradients of scale · loss, multiplied back by the unscale factor, are the gradients of the loss. */
    @Test
    void unscaledGradientsEqualThoseOfTheUnscaledLoss() {
        Engine.getInstance();
        ByteTokenizer tokenizer = new ByteTokenizer();
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < 4; i++) examples.add(new Example("inc " + (17 * i + 3) + "=", "" + (17 * i + 4), i % 2 == 0));
        EncodedRows rows = new EncodedRows(examples, tokenizer, 16);
        TokenBatch batch = rows.pack(new int[] {0, 1, 2, 3}, new int[] {0, 1, 2, 3});
        LossScaler scaler = LossScaler.defaults();
        try (Gpt model = Gpt.create(new GptConfig(tokenizer.vocabSize(), 16, 2, 16, 2), 3)) {
            List<float[]> plain = gradients(model, batch, 1.0);
            List<float[]> scaled = gradients(model, batch, scaler.scale());
            assertTrue(scaler.update(norm(scaled)));
            for (int p = 0; p < plain.size(); p++) {
                float[] a = plain.get(p);
                float[] b = scaled.get(p);
                for (int i = 0; i < a.length; i++) {
                    double unscaled = b[i] * scaler.unscaleFactor();
                    assertEquals(a[i], unscaled, 1e-6 * Math.max(1e-3, Math.abs(a[i])),
                            model.parameters().get(p).name() + "[" + i + "]");
                }
            }
        } finally {
            JniUtils.setGradMode(false);
        }
    }

    private static double norm(List<float[]> gradients) {
        double sum = 0;
        for (float[] g : gradients) for (float v : g) sum += (double) v * v;
        return Math.sqrt(sum);
    }

    private static List<float[]> gradients(Gpt model, TokenBatch batch, double lossScale) {
        model.zeroGradients();
        try (NDManager step = NDManager.newBaseManager();
             GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = SequenceLogProbs.meanNll(model, batch, step);
            collector.backward(loss.mul(ConstantArrays.scalar(step, lossScale, loss.getDataType())));
        }
        List<float[]> out = new ArrayList<>();
        for (NamedParameter p : model.parameters()) out.add(p.value().getGradient().toFloatArray());
        return out;
    }

    /** A checkpoint's scaler continues exactly as the one that wrote it: scale, good-step count and skips. */
    @Test
    void aSavedScalerResumesWhereItStopped(@TempDir Path dir) throws IOException {
        LossScaler original = new LossScaler(1024, 2.0, 0.5, 3);
        original.update(Double.POSITIVE_INFINITY);
        original.update(1.0);
        original.update(1.0);
        original.save(dir);
        LossScaler restored = LossScaler.load(dir);
        assertEquals(512, restored.scale());
        assertEquals(1, restored.skippedSteps());
        original.update(1.0);
        restored.update(1.0);
        assertEquals(1024, original.scale(), "the third good step in a row doubles the scale");
        assertEquals(original.scale(), restored.scale());

        Files.writeString(dir.resolve(LossScaler.FILE), "{\"growth\":2,\"backoff\":0.5,\"growthInterval\":3,"
                + "\"scale\":-1,\"goodSteps\":0,\"skipped\":0}");
        IOException bad = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> LossScaler.load(dir));
        org.junit.jupiter.api.Assertions.assertTrue(bad.getMessage().contains(LossScaler.FILE), bad.getMessage());
    }
}
