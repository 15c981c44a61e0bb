package org.ktoworkbench.model.nn.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.hf.TestSafetensors;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.loading.ModelExport;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.GradMode;
import org.ktoworkbench.model.nn.NamedParameter;
import org.ktoworkbench.model.nn.hf.HfModels;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LoRA on tiny random checkpoints, checked against plain-Java arithmetic on the checkpoint's own tensors: the adapted
 * forward is the base forward over W + (alpha/r)·B·A (GPT-2's Conv1D [in, out] transposed), the adapters-off view is
 * the base exactly, the saved adapter has PEFT's names and shapes, and a merged export holds W + (alpha/r)·B·A.
 */
class LoraModelTest {
    private static final int RANK = 2;
    private static final double ALPHA = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static Stream<TinyCheckpoints.Spec> architectures() {
        return Stream.of(TinyCheckpoints.llama(), TinyCheckpoints.qwen2(), TinyCheckpoints.gpt2(), TinyCheckpoints.pythia());
    }

    private Path checkpoint(TinyCheckpoints.Spec spec) throws IOException {
        Path model = TinyCheckpoints.write(dir.resolve(spec.name()), spec, "F32", false);
        TinyCheckpoints.writeTokenizer(model, spec, null);
        return model;
    }

    private static List<String> allTargets(Path model) throws IOException {
        return LoraTargets.valid(HfConfigReader.read(model));
    }

    /** Gives every A and B seeded values of about ±0.5, so the update is large enough to see; returns them by name. */
    private static Map<String, float[]> randomize(LoraModel lora) {
        Random random = new Random(11);
        Map<String, float[]> values = new LinkedHashMap<>();
        GradMode.withoutGradient(() -> {
            for (NamedParameter p : lora.parameters()) {
                float[] v = new float[Math.toIntExact(p.value().size())];
                for (int i = 0; i < v.length; i++) v[i] = (random.nextInt(129) - 64) / 128f;
                p.value().set(FloatBuffer.wrap(v));
                values.put(p.name(), v);
            }
            return null;
        });
        return values;
    }

    private static float[] logits(CausalLm model, int vocab) {
        try (NDManager step = NDManager.newBaseManager()) {
            long[] ids = new long[2 * 6];
            for (int i = 0; i < ids.length; i++) ids[i] = (i * 7 + 3) % (vocab - 4) + 1;
            NDArray tokens = step.create(ids, new ai.djl.ndarray.types.Shape(2, 6));
            return GradMode.withoutGradient(() -> model.logits(tokens).toFloatArray());
        }
    }

    /** The checkpoint's tensors with scale·B·A added to each adapted weight, in plain double arithmetic. */
    private static Map<String, TestSafetensors.Tensor> mergedInJava(Path model, Map<String, float[]> adapter, double scale)
            throws IOException {
        Map<String, TestSafetensors.Tensor> tensors = new LinkedHashMap<>(TestSafetensors.read(model.resolve("model.safetensors")));
        boolean conv1d = HfConfigReader.read(model).architecture().equals("GPT2LMHeadModel");
        for (String aName : adapter.keySet()) {
            if (!aName.endsWith(".lora_A.weight")) continue;
            String module = aName.substring("base_model.model.".length(), aName.length() - ".lora_A.weight".length());
            float[] a = adapter.get(aName);
            float[] b = adapter.get("base_model.model." + module + ".lora_B.weight");
            String weightName = module + ".weight";
            TestSafetensors.Tensor w = tensors.get(weightName);
            long in = conv1d ? w.shape()[0] : w.shape()[1];
            long out = conv1d ? w.shape()[1] : w.shape()[0];
            double[] merged = w.values().clone();
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    double sum = 0;
                    for (int k = 0; k < RANK; k++) sum += (double) b[(int) (o * RANK + k)] * a[(int) (k * in + i)];
                    int at = (int) (conv1d ? i * out + o : o * in + i);
                    merged[at] += scale * sum;
                }
            }
            tensors.put(weightName, new TestSafetensors.Tensor("F32", w.shape(), merged));
        }
        return tensors;
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void theAdaptedForwardIsTheBaseOverWPlusScaledBAComputedInJava(TinyCheckpoints.Spec spec) throws IOException {
        Path model = checkpoint(spec);
        Map<String, float[]> adapter;
        float[] adapted;
        float[] base;
        try (LoraModel lora = LoraModel.attach(HfModels.load(model), new LoraSpec(RANK, ALPHA, 0, allTargets(model)), 5, model)) {
            base = logits(lora, spec.vocab());
            adapter = randomize(lora);
            adapted = logits(lora, spec.vocab());
        }
        Path merged = Files.createDirectories(dir.resolve("merged-" + spec.name()));
        Files.copy(model.resolve("config.json"), merged.resolve("config.json"));
        TestSafetensors.write(merged.resolve("model.safetensors"), mergedInJava(model, adapter, ALPHA / RANK));
        float[] expected;
        try (CausalLm reference = HfModels.load(merged)) {
            expected = logits(reference, spec.vocab());
        }
        double moved = 0;
        for (int i = 0; i < adapted.length; i++) {
            assertEquals(expected[i], adapted[i], 1e-4, "logit " + i);
            moved = Math.max(moved, Math.abs(adapted[i] - base[i]));
        }
        assertTrue(moved > 0.05, "the adapters change the logits (by " + moved + ")");
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void freshAdaptersStartAtTheBaseAndSwitchedOffTheyAreTheBaseExactly(TinyCheckpoints.Spec spec) throws IOException {
        Path model = checkpoint(spec);
        float[] base;
        try (CausalLm plain = HfModels.load(model)) {
            base = logits(plain, spec.vocab());
        }
        try (LoraModel lora = LoraModel.attach(HfModels.load(model), new LoraSpec(RANK, ALPHA, 0, List.of()), 5, model)) {
            assertArrayEquals(base, logits(lora, spec.vocab()), "B starts at zero: the adapted model starts as its base");
            randomize(lora);
            CausalLm reference = lora.frozenCopy();
            assertArrayEquals(base, logits(reference, spec.vocab()), "adapters off: the base, bit for bit");
            for (NamedParameter p : lora.parameters()) {
                assertTrue(p.name().matches("base_model\\.model\\..*\\.lora_[AB]\\.weight"), p.name());
                assertTrue(JniUtils.requiresGrad((ai.djl.pytorch.engine.PtNDArray) p.value()), p.name());
            }
            for (NamedParameter p : reference.parameters()) {
                assertFalse(JniUtils.requiresGrad((ai.djl.pytorch.engine.PtNDArray) p.value()), p.name() + " is frozen");
            }
            assertFalse(lora.parameters().isEmpty());
        }
    }

    @Test
    void aIsDrawnAsPeftsKaimingUniformAndTheSameSeedGivesTheSameValues() throws IOException {
        Path model = checkpoint(TinyCheckpoints.llama());
        LoraSpec spec = new LoraSpec(4, 8, 0, List.of("q_proj", "down_proj"));
        List<float[]> first = new ArrayList<>();
        try (LoraModel lora = LoraModel.attach(HfModels.load(model), spec, 9, model)) {
            for (NamedParameter p : lora.parameters()) {
                float[] v = p.value().toFloatArray();
                first.add(v);
                long in = p.value().getShape().get(1);
                if (p.name().endsWith("lora_A.weight")) {
                    double bound = 1 / Math.sqrt(in); // kaiming_uniform_(a=sqrt(5)): gain sqrt(1/3) · sqrt(3 / fan_in)
                    double max = 0;
                    for (float x : v) max = Math.max(max, Math.abs(x));
                    assertTrue(max <= bound && max > 0.8 * bound, p.name() + ": max " + max + " vs bound " + bound);
                } else {
                    for (float x : v) assertEquals(0f, x, p.name());
                }
            }
        }
        try (LoraModel again = LoraModel.attach(HfModels.load(model), spec, 9, model)) {
            for (int i = 0; i < first.size(); i++) assertArrayEquals(first.get(i), again.parameters().get(i).value().toFloatArray());
        }
    }

    /** PEFT's tensor names for all targets of a 2-layer Llama and a 2-layer GPT-2, written out here. */
    private static final List<String> LLAMA_MODULES = List.of("self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
            "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj");
    private static final List<String> GPT2_MODULES = List.of("attn.c_attn", "attn.c_proj", "mlp.c_fc", "mlp.c_proj");

    @Test
    void theSavedAdapterHasPeftsNamesShapesAndConfig() throws IOException {
        TinyCheckpoints.Spec llama = TinyCheckpoints.llama(); // hidden 32, 4 heads of 8, 2 KV heads, inner 48
        Path model = checkpoint(llama);
        Path saved = dir.resolve("llama-adapter");
        try (LoraModel lora = LoraModel.attach(HfModels.load(model), new LoraSpec(RANK, ALPHA, 0.1, allTargets(model)), 5, model)) {
            lora.save(saved);
        }
        Map<String, long[]> inOut = Map.of("self_attn.q_proj", new long[] {32, 32}, "self_attn.k_proj", new long[] {32, 16},
                "self_attn.v_proj", new long[] {32, 16}, "self_attn.o_proj", new long[] {32, 32},
                "mlp.gate_proj", new long[] {32, 48}, "mlp.up_proj", new long[] {32, 48}, "mlp.down_proj", new long[] {48, 32});
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (int layer = 0; layer < 2; layer++) {
            for (String m : LLAMA_MODULES) {
                String prefix = "base_model.model.model.layers." + layer + "." + m;
                expected.put(prefix + ".lora_A.weight", new long[] {RANK, inOut.get(m)[0]});
                expected.put(prefix + ".lora_B.weight", new long[] {inOut.get(m)[1], RANK});
            }
        }
        assertLayout(expected, saved);
        JsonNode config = JSON.readTree(Files.readString(saved.resolve("adapter_config.json")));
        assertEquals("LORA", config.get("peft_type").asText());
        assertEquals("CAUSAL_LM", config.get("task_type").asText());
        assertEquals(RANK, config.get("r").asInt());
        assertEquals(ALPHA, config.get("lora_alpha").asDouble());
        assertEquals(0.1, config.get("lora_dropout").asDouble());
        assertEquals("none", config.get("bias").asText());
        assertFalse(config.get("fan_in_fan_out").asBoolean());
        assertEquals(model.toAbsolutePath().normalize().toString(), config.get("base_model_name_or_path").asText());
        List<String> targets = new ArrayList<>();
        config.get("target_modules").forEach(t -> targets.add(t.asText()));
        assertEquals(List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"), targets);

        TinyCheckpoints.Spec gpt2 = TinyCheckpoints.gpt2(); // n_embd 32, inner 128
        Path gptModel = checkpoint(gpt2);
        Path gptSaved = dir.resolve("gpt2-adapter");
        try (LoraModel lora = LoraModel.attach(HfModels.load(gptModel), new LoraSpec(RANK, ALPHA, 0, allTargets(gptModel)), 5, gptModel)) {
            lora.save(gptSaved);
        }
        Map<String, long[]> gptInOut = Map.of("attn.c_attn", new long[] {32, 96}, "attn.c_proj", new long[] {32, 32},
                "mlp.c_fc", new long[] {32, 128}, "mlp.c_proj", new long[] {128, 32});
        Map<String, long[]> gptExpected = new LinkedHashMap<>();
        for (int layer = 0; layer < 2; layer++) {
            for (String m : GPT2_MODULES) {
                String prefix = "base_model.model.transformer.h." + layer + "." + m;
                gptExpected.put(prefix + ".lora_A.weight", new long[] {RANK, gptInOut.get(m)[0]});
                gptExpected.put(prefix + ".lora_B.weight", new long[] {gptInOut.get(m)[1], RANK});
            }
        }
        assertLayout(gptExpected, gptSaved);
        JsonNode gptConfig = JSON.readTree(Files.readString(gptSaved.resolve("adapter_config.json")));
        assertTrue(gptConfig.get("fan_in_fan_out").asBoolean(), "GPT-2's Conv1D weights are [in, out]");
    }

    private static void assertLayout(Map<String, long[]> expected, Path adapterDir) throws IOException {
        Map<String, TestSafetensors.Tensor> tensors = TestSafetensors.read(adapterDir.resolve("adapter_model.safetensors"));
        assertEquals(new java.util.TreeSet<>(expected.keySet()), new java.util.TreeSet<>(tensors.keySet()));
        expected.forEach((name, shape) -> {
            assertArrayEquals(shape, tensors.get(name).shape(), name);
            assertEquals("F32", tensors.get(name).dtype(), name);
        });
    }

    @ParameterizedTest
    @MethodSource("architectures")
    void aMergedExportHoldsWPlusScaledBAComputedInJava(TinyCheckpoints.Spec spec) throws IOException {
        Path model = checkpoint(spec);
        Path adapterDir = dir.resolve("adapter-" + spec.name());
        Map<String, float[]> adapter;
        try (LoraModel lora = LoraModel.attach(HfModels.load(model), new LoraSpec(RANK, ALPHA, 0, allTargets(model)), 5, model)) {
            adapter = randomize(lora);
            lora.save(adapterDir);
        }
        Path target = dir.resolve("merged-" + spec.name());
        ModelExport.export(adapterDir, target, false, true);
        Map<String, TestSafetensors.Tensor> expected = mergedInJava(model, adapter, ALPHA / RANK);
        Map<String, TestSafetensors.Tensor> written = TestSafetensors.read(target.resolve("model.safetensors"));
        assertEquals(expected.keySet(), written.keySet());
        expected.forEach((name, tensor) -> {
            double[] want = tensor.values();
            double[] got = written.get(name).values();
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 1e-5, name + "[" + i + "]");
        });
        assertTrue(Files.isRegularFile(target.resolve("config.json")));

        Path copy = dir.resolve("copy-" + spec.name());
        ModelExport.export(adapterDir, copy, false, false);
        assertEquals(TestSafetensors.read(adapterDir.resolve("adapter_model.safetensors")).keySet(),
                TestSafetensors.read(copy.resolve("adapter_model.safetensors")).keySet(), "without --merge: the adapter folder");
        assertFalse(Files.exists(copy.resolve("model.safetensors")));
    }

    @Test
    void mergeIsRefusedForAFullCheckpointAndUnknownTargetsNameTheValidOnes() throws IOException {
        Path model = checkpoint(TinyCheckpoints.qwen2());
        IOException notLora = assertThrows(IOException.class, () -> ModelExport.export(model, dir.resolve("out"), false, true));
        assertTrue(notLora.getMessage().contains("not a LoRA adapter"), notLora.getMessage());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");

        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> LoraTargets.resolve(
                new LoraSpec(4, 8, 0, List.of("q_proj", "c_attn")), HfConfigReader.read(model)));
        assertEquals("LoRA target c_attn is not a module of Qwen2ForCausalLM; valid targets: q_proj, k_proj, v_proj,"
                + " o_proj, gate_proj, up_proj, down_proj", unknown.getMessage());
        assertEquals(List.of("query_key_value"), LoraTargets.resolve(LoraSpec.defaults(),
                HfConfigReader.read(checkpoint(TinyCheckpoints.pythia()))).targets(), "PEFT's default for GPT-NeoX");
    }
}
