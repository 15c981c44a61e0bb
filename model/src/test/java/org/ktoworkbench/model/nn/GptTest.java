package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GptTest {
    private static final GptConfig SMALL = new GptConfig(259, 16, 2, 32, 4);

    private static float[] logits(CausalLm model, int[] tokens) {
        try (NDManager step = NDManager.newBaseManager()) {
            return model.logits(step.create(tokens, new Shape(1, tokens.length))).toType(DataType.FLOAT32, false).toFloatArray();
        }
    }

    @Test
    void logitsHaveOneRowPerPositionAndToken() {
        try (Gpt model = Gpt.create(SMALL, 1); NDManager step = NDManager.newBaseManager()) {
            NDArray out = model.logits(step.create(new int[] {256, 1, 2, 3, 4, 5}, new Shape(2, 3)));
            assertEquals(new Shape(2, 3, 259), out.getShape());
            assertEquals(DataType.FLOAT32, out.getDataType());
        }
    }

    @Test
    void laterTokensDoNotChangeEarlierLogits() {
        try (Gpt model = Gpt.create(SMALL, 1)) {
            float[] before = logits(model, new int[] {256, 10, 20, 30, 40, 50});
            float[] after = logits(model, new int[] {256, 10, 20, 99, 41, 7});
            int v = SMALL.vocabSize();
            for (int i = 0; i < 3 * v; i++) {
                assertEquals(before[i], after[i], 1e-6, "position " + i / v);
            }
            boolean changed = false;
            for (int i = 3 * v; i < 6 * v; i++) {
                changed |= Math.abs(before[i] - after[i]) > 1e-4;
            }
            assertTrue(changed, "the changed positions must see the change");
        }
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        try (Gpt a = Gpt.create(SMALL, 42); Gpt b = Gpt.create(SMALL, 42); Gpt c = Gpt.create(SMALL, 43)) {
            for (int i = 0; i < a.parameters().size(); i++) {
                assertArrayEquals(a.parameters().get(i).value().toFloatArray(), b.parameters().get(i).value().toFloatArray());
            }
            assertFalse(java.util.Arrays.equals(a.parameters().get(0).value().toFloatArray(),
                    c.parameters().get(0).value().toFloatArray()));
        }
    }

    @Test
    void initialisationFollowsGpt2() {
        GptConfig config = new GptConfig(259, 64, 4, 64, 4);
        try (Gpt model = Gpt.create(config, 7)) {
            for (NamedParameter p : model.parameters()) {
                float[] v = p.value().toFloatArray();
                double mean = 0;
                double square = 0;
                for (float x : v) {
                    mean += x / v.length;
                    square += (double) x * x / v.length;
                }
                double std = Math.sqrt(square - mean * mean);
                if (p.name().endsWith("ln_1.weight") || p.name().endsWith("ln_2.weight") || p.name().equals("ln_f.weight")) {
                    assertEquals(1.0, mean, 0, p.name());
                } else if (p.name().endsWith(".bias")) {
                    assertEquals(0.0, square, 0, p.name());
                } else if (p.name().endsWith("c_proj.weight")) {
                    assertEquals(0.02 / Math.sqrt(8), std, 0.02 * 0.05, p.name());
                } else {
                    assertEquals(0.02, std, 0.02 * 0.05, p.name());
                }
                assertEquals(p.name().endsWith(".weight") && !p.name().contains("ln_") && !p.name().equals("wpe.weight"),
                        p.decay(), p.name() + " decay");
                assertTrue(p.value().hasGradient(), p.name() + " requires a gradient");
            }
        }
    }

    @Test
    void saveAndLoadGiveIdenticalLogits(@TempDir Path dir) throws IOException {
        int[] tokens = {256, 72, 105, 33, 257};
        try (Gpt model = Gpt.create(SMALL, 5)) {
            model.save(dir);
            assertTrue(Files.isRegularFile(dir.resolve("config.json")));
            assertTrue(Files.isRegularFile(dir.resolve("model.safetensors")));
            try (Gpt loaded = Gpt.load(dir)) {
                assertEquals(SMALL, loaded.config());
                assertArrayEquals(logits(model, tokens), logits(loaded, tokens));
                assertTrue(loaded.parameters().stream().allMatch(p -> p.value().hasGradient()));
            }
        }
    }

    @Test
    void float64ModelsRoundTripToo(@TempDir Path dir) throws IOException {
        try (Gpt model = Gpt.create(SMALL, 5, DataType.FLOAT64)) {
            model.save(dir);
            try (Gpt loaded = Gpt.load(dir)) {
                assertEquals(DataType.FLOAT64, loaded.dataType());
                assertArrayEquals(logits(model, new int[] {256, 1}), logits(loaded, new int[] {256, 1}));
            }
        }
    }

    @Test
    void loadingWeightsOfAnotherShapeNamesTheTensor(@TempDir Path dir) throws IOException {
        try (Gpt model = Gpt.create(SMALL, 5)) {
            model.save(dir);
        }
        new GptConfig(259, 16, 2, 48, 4).write(dir.resolve("config.json"));
        IOException e = assertThrows(IOException.class, () -> Gpt.load(dir));
        assertTrue(e.getMessage().contains("model.safetensors: tensor 'wte.weight' has shape (259, 32)"), e.getMessage());

        Files.writeString(dir.resolve("model.safetensors"), "not tensors at all");
        IOException garbage = assertThrows(IOException.class, () -> Gpt.load(dir));
        assertTrue(garbage.getMessage().contains("model.safetensors: not a readable safetensors file"), garbage.getMessage());

        Files.delete(dir.resolve("model.safetensors"));
        IOException missing = assertThrows(IOException.class, () -> Gpt.load(dir));
        assertTrue(missing.getMessage().endsWith("model.safetensors: weights file not found"), missing.getMessage());
    }

    @Test
    void frozenCopyHasNoGradientsAndIsIndependent() {
        int[] tokens = {256, 3, 4, 5};
        try (Gpt model = Gpt.create(SMALL, 9); CausalLm frozen = model.frozenCopy()) {
            assertArrayEquals(logits(model, tokens), logits(frozen, tokens));
            assertTrue(frozen.parameters().stream().noneMatch(p -> p.value().hasGradient()));
            NDArray embedding = model.parameters().get(0).value();
            embedding.set(new float[Math.toIntExact(embedding.size())]); // change the original only
            assertFalse(java.util.Arrays.equals(logits(model, tokens), logits(frozen, tokens)));
        }
    }

    @Test
    void sequenceLongerThanTheContextIsAClearError() {
        try (Gpt model = Gpt.create(SMALL, 1); NDManager step = NDManager.newBaseManager()) {
            NDArray tooLong = step.zeros(new Shape(1, 17), DataType.INT32);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> model.logits(tooLong));
            assertEquals("sequence of 17 tokens is longer than the model's context of 16", e.getMessage());
        }
    }

    @Test
    void cachedIncrementalLogitsEqualTheFullPass() {
        int[] tokens = {256, 5, 6, 7, 8, 9, 10};
        try (Gpt model = Gpt.create(SMALL, 2); NDManager manager = NDManager.newBaseManager();
             KvCache cache = model.newCache(manager)) {
            float[] full = logits(model, tokens);
            int v = SMALL.vocabSize();
            float[] first = model.logits(manager.create(new int[] {256, 5, 6}, new Shape(1, 3)), null, cache).toFloatArray();
            for (int i = 0; i < 3 * v; i++) {
                assertEquals(full[i], first[i], 1e-5);
            }
            for (int t = 3; t < tokens.length; t++) {
                float[] one = model.logits(manager.create(new int[] {tokens[t]}, new Shape(1, 1)), null, cache).toFloatArray();
                for (int i = 0; i < v; i++) {
                    assertEquals(full[t * v + i], one[i], 1e-5, "position " + t);
                }
            }
            assertEquals(tokens.length, cache.length());
        }
    }

    @Test
    void leftPaddingWithAMaskMatchesTheUnpaddedSequence() {
        try (Gpt model = Gpt.create(SMALL, 2); NDManager m = NDManager.newBaseManager()) {
            float[] plain = logits(model, new int[] {256, 5, 6});
            NDArray padded = m.create(new int[] {258, 258, 256, 5, 6}, new Shape(1, 5));
            NDArray mask = m.create(new int[] {0, 0, 1, 1, 1}, new Shape(1, 5));
            float[] out = model.logits(padded, mask, model.newCache(m)).toFloatArray();
            int v = SMALL.vocabSize();
            for (int i = 0; i < 3 * v; i++) {
                assertEquals(plain[i], out[2 * v + i], 1e-5);
            }
        }
    }
}
