package org.ktoworkbench.model.hf;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.NamedParameter;
import org.ktoworkbench.model.nn.SequenceLogProbs;
import org.ktoworkbench.model.nn.TokenBatch;
import org.ktoworkbench.model.nn.hf.HfDecoder;
import org.ktoworkbench.model.nn.hf.HfModels;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loaded HF models as the trainer uses them: checkpoint names, gradients, frozen copies, saving. */
class HfModelTest {
    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return Stream.of(Arguments.of(TinyCheckpoints.llama(), "BF16", true), Arguments.of(TinyCheckpoints.qwen3(), "F16", false),
                Arguments.of(TinyCheckpoints.gpt2(), "F16", true), Arguments.of(TinyCheckpoints.pythia(), "F32", false),
                Arguments.of(TinyCheckpoints.qwen2(), "BF16", false));
    }

    @ParameterizedTest(name = "{0} {1} sharded={2}")
    @MethodSource("cases")
    void savingAnUntrainedModelGivesTheSourceTensorsByteForByte(TinyCheckpoints.Spec spec, String dtype, boolean sharded)
            throws Exception {
        Path source = TinyCheckpoints.write(tmp.resolve("source"), spec, dtype, sharded);
        Path saved = tmp.resolve("saved");
        try (CausalLm model = HfModels.load(source)) {
            model.save(saved);
        }
        assertEquals(Files.readString(source.resolve("config.json")), Files.readString(saved.resolve("config.json")));
        var sourceTensors = TestSafetensors.readCheckpoint(source);
        var savedTensors = TestSafetensors.read(saved.resolve("model.safetensors"));
        assertEquals(sourceTensors.keySet(), savedTensors.keySet());
        for (String name : sourceTensors.keySet()) {
            assertEquals(dtype, savedTensors.get(name).dtype(), name);
            assertArrayEquals(sourceTensors.get(name).shape(), savedTensors.get(name).shape(), name);
            assertArrayEquals(rawBytes(source, name), TestSafetensors.rawBytes(saved.resolve("model.safetensors"), name), name);
        }
        try (CausalLm reloaded = HfModels.load(saved)) {
            assertEquals(spec.vocab(), reloaded.vocabSize());
        }
    }

    @Test
    void savingOverAShardedCheckpointIsWhatLoadsAfterwards() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen3();
        Path dir = TinyCheckpoints.write(tmp.resolve("model"), spec, "BF16", true);
        TokenBatch batch = HfLogProbsTest.batch(HfLogProbsTest.sequences(spec.vocab()));
        float[] changed;
        try (CausalLm model = HfModels.load(dir); CausalLm copy = model.frozenCopy();
             NDManager manager = NDManager.newBaseManager()) {
            NDArray norm = copy.parameters().stream().filter(p -> p.name().equals("model.norm.weight")).findFirst()
                    .orElseThrow().value();
            norm.muli(manager.full(norm.getShape(), 0.5f)); // a change that BF16 stores exactly
            changed = copy.logits(batch.inputs(manager)).toFloatArray();
            assertFalse(Arrays.equals(changed, model.logits(batch.inputs(manager)).toFloatArray()));
            copy.save(dir);
        }
        try (CausalLm reloaded = HfModels.load(dir); NDManager manager = NDManager.newBaseManager()) {
            assertArrayEquals(changed, reloaded.logits(batch.inputs(manager)).toFloatArray());
        }
    }

    /** The original gpt2 files: GPT2Model names without "transformer.", plus the causal-mask buffers. */
    @Test
    void gpt2FilesWithoutThePrefixAndWithMaskBuffersLoadTheSameModel() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.gpt2();
        Path prefixed = TinyCheckpoints.write(tmp.resolve("prefixed"), spec, "F32", false);
        Path bare = Files.createDirectories(tmp.resolve("bare"));
        Files.copy(prefixed.resolve("config.json"), bare.resolve("config.json"));
        Map<String, TestSafetensors.Tensor> renamed = new LinkedHashMap<>();
        TestSafetensors.read(prefixed.resolve("model.safetensors"))
                .forEach((name, tensor) -> renamed.put(name.replaceFirst("^transformer\\.", ""), tensor));
        long n = spec.maxPositions();
        renamed.put("h.0.attn.bias", new TestSafetensors.Tensor("F32", new long[] {1, 1, n, n}, new double[(int) (n * n)]));
        TestSafetensors.write(bare.resolve("model.safetensors"), renamed);
        TokenBatch batch = HfLogProbsTest.batch(HfLogProbsTest.sequences(spec.vocab()));
        try (CausalLm a = HfModels.load(prefixed); CausalLm b = HfModels.load(bare);
             NDManager manager = NDManager.newBaseManager()) {
            assertArrayEquals(a.logits(batch.inputs(manager)).toFloatArray(), b.logits(batch.inputs(manager)).toFloatArray());
            assertTrue(b.parameters().stream().anyMatch(p -> p.name().equals("wte.weight")));
        }
    }

    private static byte[] rawBytes(Path dir, String name) throws Exception {
        Path index = dir.resolve("model.safetensors.index.json");
        if (!Files.exists(index)) {
            return TestSafetensors.rawBytes(dir.resolve("model.safetensors"), name);
        }
        String shard = TestSafetensors.JSON.readTree(index.toFile()).get("weight_map").get(name).asText();
        return TestSafetensors.rawBytes(dir.resolve(shard), name);
    }

    @ParameterizedTest(name = "{0} {1} sharded={2}")
    @MethodSource("cases")
    void everyParameterIsACheckpointTensorAndGetsAGradient(TinyCheckpoints.Spec spec, String dtype, boolean sharded)
            throws Exception {
        Path dir = TinyCheckpoints.write(tmp.resolve("model"), spec, dtype, sharded);
        TokenBatch batch = HfLogProbsTest.batch(HfLogProbsTest.sequences(spec.vocab()));
        try (CausalLm model = HfModels.load(dir); NDManager manager = NDManager.newBaseManager()) {
            Set<String> names = model.parameters().stream().map(NamedParameter::name).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(TinyCheckpoints.shapes(spec).keySet()), names);
            int before = ((HfDecoder) model).managedArrayCount();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(SequenceLogProbs.compute(model, batch, manager).sum());
            }
            assertEquals(before, ((HfDecoder) model).managedArrayCount(), "arrays leaked into the model's manager");
            for (NamedParameter p : model.parameters()) {
                try (NDArray gradient = p.value().getGradient()) {
                    assertTrue(gradient.abs().sum().getFloat() > 0, p.name() + " got no gradient");
                }
            }
        }
    }

    @ParameterizedTest(name = "{0} {1} sharded={2}")
    @MethodSource("cases")
    void frozenCopyComputesTheSameLogitsWithoutGradientsAndOutlivesTheOriginal(TinyCheckpoints.Spec spec, String dtype,
                                                                              boolean sharded) throws Exception {
        Path dir = TinyCheckpoints.write(tmp.resolve("model"), spec, dtype, sharded);
        TokenBatch batch = HfLogProbsTest.batch(HfLogProbsTest.sequences(spec.vocab()));
        float[] original;
        CausalLm copy;
        try (CausalLm model = HfModels.load(dir); NDManager manager = NDManager.newBaseManager()) {
            original = model.logits(batch.inputs(manager)).toFloatArray();
            copy = model.frozenCopy();
        }
        try (copy; NDManager manager = NDManager.newBaseManager()) {
            for (NamedParameter p : copy.parameters()) {
                assertFalse(p.value().hasGradient(), p.name());
            }
            assertArrayEquals(original, copy.logits(batch.inputs(manager)).toFloatArray());
        }
    }
}
