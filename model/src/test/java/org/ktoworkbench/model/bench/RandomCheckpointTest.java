package org.ktoworkbench.model.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.bench.RandomCheckpoint.Architecture;
import org.ktoworkbench.model.hf.CheckpointWeights;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.hf.LlamaConfig;
import org.ktoworkbench.model.hf.SafetensorsFile;
import org.ktoworkbench.model.hf.SafetensorsTensor;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.hf.HfModels;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomCheckpointTest {
    @TempDir
    Path tmp;

    private static RandomCheckpoint small(Architecture architecture, boolean tied) {
        boolean gpt2 = architecture == Architecture.GPT2;
        // Llama family: 4 query heads, 2 kv heads of head_dim 12 (not 32 / 4); GPT-2: 4 heads of 8
        return new RandomCheckpoint(architecture, 2, 32, 4, gpt2 ? 4 : 2, gpt2 ? 8 : 12, 48, 64, 24, tied);
    }

    @Test
    void everyArchitectureWritesAFolderTheLoaderReadsWithTheAskedShape() throws IOException {
        for (Architecture architecture : Architecture.values()) {
            for (boolean tied : new boolean[] {true, false}) {
                RandomCheckpoint checkpoint = small(architecture, tied);
                Path dir = tmp.resolve(architecture.modelType() + "-" + tied);
                long written = checkpoint.write(dir, 7);

                DecoderDims dims = DecoderDims.of(HfConfigReader.read(dir));
                boolean gpt2 = architecture == Architecture.GPT2;
                assertEquals(new DecoderDims(2, 32, 4, gpt2 ? 4 : 2, gpt2 ? 8 : 12, 48, !gpt2, 64, tied), dims,
                        checkpoint.toString());
                assertEquals(architecture.className(), HfConfigReader.read(dir).architecture());
                long onDisk = CheckpointWeights.open(dir).tensors().stream().mapToLong(SafetensorsTensor::elementCount).sum();
                assertEquals(onDisk, written);
                try (CausalLm model = HfModels.load(dir)) { // every tensor present, of the right shape, none unused
                    assertEquals(written, model.parameterCount());
                    assertEquals(24, model.contextLength());
                }
                assertFalse(Files.exists(dir.resolve("tokenizer.json")));
            }
        }
    }

    @Test
    void weightsAreDrawnAsTransformersInitialisesThem() throws IOException {
        Path dir = tmp.resolve("qwen2");
        small(Architecture.QWEN2, false).write(dir, 3); // qwen2: q/k/v biases
        CheckpointWeights weights = CheckpointWeights.open(dir);
        double sum = 0;
        double squares = 0;
        long count = 0;
        int biases = 0;
        for (SafetensorsTensor tensor : weights.tensors()) {
            float[] values = SafetensorsFile.readFloats(tensor);
            if (tensor.shape().length == 2) {
                for (float v : values) {
                    sum += v;
                    squares += (double) v * v;
                }
                count += values.length;
            } else {
                float expected = tensor.name().endsWith(".bias") ? 0f : 1f; // biases 0, norm gains 1
                biases += tensor.name().endsWith(".bias") ? 1 : 0;
                for (float v : values) {
                    assertEquals(expected, v, 0f, tensor.name());
                }
            }
        }
        assertEquals(2 * 3, biases);
        double mean = sum / count;
        double std = Math.sqrt(squares / count - mean * mean);
        assertEquals(0, mean, 0.001);
        assertEquals(0.02, std, 0.0005); // over 22,528 matrix values
    }

    @Test
    void theSameSeedWritesTheSameBytes() throws IOException {
        RandomCheckpoint checkpoint = small(Architecture.QWEN3, true);
        checkpoint.write(tmp.resolve("a"), 11);
        checkpoint.write(tmp.resolve("b"), 11);
        checkpoint.write(tmp.resolve("c"), 12);
        byte[] a = Files.readAllBytes(tmp.resolve("a/model.safetensors"));
        assertArrayEquals(a, Files.readAllBytes(tmp.resolve("b/model.safetensors")));
        assertFalse(java.util.Arrays.equals(a, Files.readAllBytes(tmp.resolve("c/model.safetensors"))));
        assertEquals(Files.readString(tmp.resolve("a/config.json")), Files.readString(tmp.resolve("c/config.json")));
    }

    @Test
    void theConfigIsWhatTheLoaderNeedsAndImpossibleShapesAreRefused() {
        LlamaConfig qwen3 = (LlamaConfig) small(Architecture.QWEN3, true).config();
        assertTrue(qwen3.qkNorm());
        assertEquals(12, qwen3.headDim());
        assertEquals(1e6, qwen3.ropeTheta(), 0);
        IllegalArgumentException kv = assertThrows(IllegalArgumentException.class,
                () -> new RandomCheckpoint(Architecture.LLAMA, 2, 32, 4, 3, 8, 48, 64, 24, false));
        assertEquals("kv-heads (3) must divide heads (4)", kv.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new RandomCheckpoint(Architecture.GPT2, 2, 32, 4, 2, 8, 48, 64, 24, true));
        assertEquals("unknown architecture 'gpt3' (known: llama, mistral, qwen2, qwen3, gpt2)",
                assertThrows(IllegalArgumentException.class, () -> Architecture.of("gpt3")).getMessage());
    }
}
