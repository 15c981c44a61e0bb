package org.ktoworkbench.model.train;

import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.bench.SyntheticKto;
import org.ktoworkbench.model.hf.TestSafetensors;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.nn.NamedParameter;
import org.ktoworkbench.model.nn.hf.HfModels;
import org.ktoworkbench.model.nn.lora.LoraModel;
import org.ktoworkbench.model.nn.lora.LoraSpec;
import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.ImportProgress;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LoRA runs on a tiny random checkpoint: training moves the adapter only (the base weights stay bit-identical and get
 * no gradient), a cancelled run resumes from an adapter-only checkpoint to the numbers and adapter of an uninterrupted
 * one (dropout on, so the masks must repeat too), and what cannot run is refused before a run is made.
 */
class LoraTrainingTest {
    @TempDir
    Path dir;

    private Path model(TinyCheckpoints.Spec spec, String dtype) throws IOException {
        Path model = TinyCheckpoints.write(dir.resolve(spec.name()), spec, dtype, false);
        TinyCheckpoints.writeTokenizer(model, spec, TinyCheckpoints.CHAT_TEMPLATE);
        return model;
    }

    @Test
    void trainingStepsMoveOnlyTheAdapterAndTheBaseGetsNoGradient() throws IOException {
        Path model = model(TinyCheckpoints.llama(), "F32");
        LoraModel lora = LoraModel.attach(HfModels.load(model), new LoraSpec(4, 8, 0.1, List.of("q_proj", "v_proj",
                "down_proj")), 3, model);
        List<NamedParameter> base = lora.frozenCopy().parameters();
        List<float[]> baseBefore = new ArrayList<>();
        for (NamedParameter p : base) baseBefore.add(p.value().toFloatArray());
        List<float[]> adapterBefore = new ArrayList<>();
        for (NamedParameter p : lora.parameters()) adapterBefore.add(p.value().toFloatArray());
        assertEquals(2 * 2 * 3, lora.parameters().size(), "A and B of 3 targets in each of 2 layers");

        try (KtoStepRunner runner = SyntheticKto.runner(lora, 8, 4, 5)) {
            for (int i = 0; i < 3; i++) runner.step();
            for (int i = 0; i < base.size(); i++) {
                NamedParameter p = base.get(i);
                assertArrayEquals(baseBefore.get(i), p.value().toFloatArray(), p.name() + " is frozen");
                assertFalse(JniUtils.requiresGrad((PtNDArray) p.value()), p.name() + " records no gradient");
            }
            for (int i = 0; i < adapterBefore.size(); i++) {
                NamedParameter p = lora.parameters().get(i);
                assertFalse(java.util.Arrays.equals(adapterBefore.get(i), p.value().toFloatArray()), p.name() + " trained");
            }
        }
    }

    /** Conversational rows, so the tokenizer's chat template renders them (as ModelFolderRunTest). */
    private static Workspace workspace(Path wsDir) throws IOException {
        Path file = wsDir.resolveSibling(wsDir.getFileName() + ".jsonl");
        StringBuilder rows = new StringBuilder();
        for (int p = 0; p < 16; p++) {
            String prompt = "[{\"role\": \"user\", \"content\": \"w" + (1 + p) + " w" + (20 + p % 5) + "\"}]";
            rows.append("{\"prompt\": ").append(prompt).append(", \"completion\": [{\"role\": \"assistant\", \"content\":"
                    + " \"w40 w41\"}], \"label\": true}\n");
            rows.append("{\"prompt\": ").append(prompt).append(", \"completion\": [{\"role\": \"assistant\", \"content\":"
                    + " \"w50 w51 w52\"}], \"label\": false}\n");
        }
        Files.writeString(file, rows);
        Workspace ws = Workspace.open(wsDir);
        DatasetChanges.importWithEvalSplit(ws, file, ImportOptions.strict("chat"), ImportProgress.NONE);
        return ws;
    }

    private static RunConfig config(Path model, Map<String, ?> more) {
        Map<String, Object> values = new HashMap<>(Map.of("dataset", "chat", "steps", 6, "batchSize", 4,
                "learningRate", 1e-2, "evalEvery", 3, "checkpointEvery", 3, "lora.rank", 4, "lora.alpha", 8,
                "lora.dropout", 0.1));
        values.putAll(more);
        return RunConfigJson.withOverrides(RunConfig.pretrainedDefaults(model), values);
    }

    @Test
    void aCancelledLoraRunResumesFromAnAdapterOnlyCheckpointBitIdentically() throws IOException {
        Path model = model(TinyCheckpoints.qwen2(), "BF16");
        RunConfig config = config(model, Map.of("precomputeReference", true));
        List<MetricPoint> uninterrupted;
        byte[] uninterruptedAdapter;
        try (Workspace ws = workspace(dir.resolve("a"))) {
            List<RunSummary> runs = new Trainer(ws).train(config, null, event -> {}, new CancellationToken());
            assertEquals(RunStatus.COMPLETED, runs.get(0).status(), runs.get(0).message());
            uninterrupted = TrainingFixture.metricsWithoutTiming(ws, runs.get(0).runId());
            Path finalModel = new RunPaths(ws.directory(), runs.get(0).runId()).finalModel();
            uninterruptedAdapter = Files.readAllBytes(finalModel.resolve(LoraModel.WEIGHTS_FILE));
            assertTrue(Files.isRegularFile(finalModel.resolve("adapter_config.json")));
            assertTrue(Files.isRegularFile(finalModel.resolve("tokenizer.json")), "the adapter folder loads on its own");
            assertFalse(Files.exists(finalModel.resolve("model.safetensors")), "no copy of the base");
            assertTrue(RunConfigJson.fromJson(TrainingFixture.run(ws, runs.get(0).runId()).configJson()).lora().targets()
                    .equals(List.of("q_proj", "v_proj")), "the run stores the targets it trained: PEFT's default");
        }
        try (Workspace ws = workspace(dir.resolve("b"))) {
            CancellationToken cancel = new CancellationToken();
            long runId = new Trainer(ws).train(config, null, TrainingFixture.cancelAt(RunEvent.Phase.KTO, 4, cancel), cancel)
                    .get(0).runId();
            assertEquals(RunStatus.CANCELLED, TrainingFixture.run(ws, runId).status());
            Path checkpoint = new RunPaths(ws.directory(), runId).checkpoints().resolve("step-3");
            assertFalse(Files.exists(checkpoint.resolve("model.safetensors")), "a checkpoint holds the adapter only");
            assertTrue(TestSafetensors.read(checkpoint.resolve(LoraModel.WEIGHTS_FILE)).keySet().stream()
                    .allMatch(n -> n.matches("base_model\\.model\\.model\\.layers\\.\\d\\.self_attn\\.[qv]_proj\\.lora_[AB]\\.weight")));
            assertTrue(TestSafetensors.read(checkpoint.resolve("optimizer.safetensors")).keySet().stream()
                    .allMatch(n -> n.contains(".lora_A.") || n.contains(".lora_B.")), "optimizer state for the adapter only");

            List<RunSummary> resumed = new Trainer(ws).resume(runId, event -> {}, new CancellationToken());
            assertEquals(RunStatus.COMPLETED, resumed.get(0).status(), resumed.get(0).message());
            assertEquals(uninterrupted, TrainingFixture.metricsWithoutTiming(ws, runId));
            assertArrayEquals(uninterruptedAdapter, Files.readAllBytes(new RunPaths(ws.directory(), runId).finalModel()
                    .resolve(LoraModel.WEIGHTS_FILE)));
        }
    }

    @Test
    void whatALoraRunCannotDoIsRefusedBeforeARunIsMade() throws IOException {
        Path model = model(TinyCheckpoints.qwen2(), "F32");
        try (Workspace ws = workspace(dir.resolve("ws"))) {
            Trainer trainer = new Trainer(ws);
            IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> trainer.train(
                    config(model, Map.of("lora.targets", List.of("q_proj", "c_fc"))), null, event -> {}, new CancellationToken()));
            assertEquals("LoRA target c_fc is not a module of Qwen2ForCausalLM; valid targets: q_proj, k_proj, v_proj,"
                    + " o_proj, gate_proj, up_proj, down_proj", unknown.getMessage());
            IllegalArgumentException builtIn = assertThrows(IllegalArgumentException.class, () -> trainer.train(
                    TrainingFixture.tinyRun(Map.of("dataset", "chat", "lora.rank", 4)), null, event -> {},
                    new CancellationToken()));
            assertTrue(builtIn.getMessage().startsWith("LoRA (--lora-rank) needs a Hugging Face model folder"),
                    builtIn.getMessage());
            assertTrue(ws.runs().listRuns().isEmpty(), "no run was made");
        }
        RunConfigException bounds = assertThrows(RunConfigException.class, () -> config(model,
                Map.of("lora.rank", 0, "lora.alpha", -1, "lora.dropout", 1.0)).requireValid());
        assertEquals("invalid run config: [lora.rank: must be at least 1, got 0, lora.alpha: must be a positive number,"
                + " got -1.0, lora.dropout: must be in [0, 1), got 1.0]", bounds.getMessage());
    }

    @Test
    void sftThenKtoWithLoraAlignsTheSftModelAgainstItselfAndTheFinalAdapterLoads() throws IOException {
        Path model = model(TinyCheckpoints.qwen2(), "F32");
        try (Workspace ws = workspace(dir.resolve("ws"))) {
            List<RunSummary> runs = new Trainer(ws).train(config(model, Map.of("sftSteps", 2, "steps", 2, "evalEvery", 2,
                    "checkpointEvery", 0, "sftLearningRate", 1e-2)), null, event -> {}, new CancellationToken());
            assertEquals(2, runs.size());
            runs.forEach(r -> assertEquals(RunStatus.COMPLETED, r.status(), r.message()));
            List<MetricPoint> start = TrainingFixture.metricsWithoutTiming(ws, runs.get(1).runId(),
                    p -> p.step() == 0 && p.name().equals("eval/kl"));
            assertEquals(0.0, start.get(0).value(), "the KTO phase starts at its reference: the merged SFT model");
            Path sftFinal = new RunPaths(ws.directory(), runs.get(0).runId()).finalModel();
            Path ktoFinal = new RunPaths(ws.directory(), runs.get(1).runId()).finalModel();
            assertEquals(sftFinal.toAbsolutePath().normalize(), LoraModel.baseFolderOf(ktoFinal));
            try (var loaded = org.ktoworkbench.model.loading.ModelFolder.loadModel(ktoFinal)) {
                assertTrue(loaded instanceof LoraModel);
            }
        }
    }

    @Test
    void aConfigFileNeedsOnlyTheLoraFieldsThatDifferFromPefts() {
        RunConfig partial = RunConfigJson.fromJson("{\"lora\": {\"rank\": 16}}");
        assertEquals(new LoraSpec(16, 8, 0, List.of()), partial.lora());
        assertFalse(RunConfigJson.toJson(RunConfig.defaults()).contains("lora"), "a full fine-tuning config is unchanged");
        RunConfig back = RunConfigJson.fromJson(RunConfigJson.toJson(partial.withLora(new LoraSpec(4, 2, 0.05, List.of("c_attn")))));
        assertEquals(new LoraSpec(4, 2, 0.05, List.of("c_attn")), back.lora());
    }

    @Test
    void theMemoryEstimateOfALoraRunCountsTheAdapterAndNoReferenceCopy() throws IOException {
        Path model = model(TinyCheckpoints.qwen2(), "F32");
        RunConfig config = config(model, Map.of());
        var shape = org.ktoworkbench.model.loading.ModelInspection.of(model).shape();
        MemoryEstimate full = MemoryEstimate.ofFolder(config.withLora(null), shape, false, OptionalLong.of(12));
        long adapter = 1000;
        MemoryEstimate lora = MemoryEstimate.ofLora(config, shape, false, OptionalLong.of(12), adapter);
        Map<String, Long> parts = new HashMap<>();
        lora.parts().forEach(p -> parts.put(p.name(), p.bytes()));
        assertEquals(4L * shape.parameters(), parts.get("frozen weights"));
        assertEquals(4L * adapter, parts.get("LoRA adapter"));
        assertEquals(4L * adapter, parts.get("gradients"));
        assertEquals(8L * adapter, parts.get("AdamW moments"));
        assertTrue(full.parts().stream().anyMatch(p -> p.name().equals("reference copy")));
        assertTrue(lora.parts().stream().noneMatch(p -> p.name().equals("reference copy")));
        assertEquals(full.parts().get(full.parts().size() - 1).bytes(), lora.parts().get(lora.parts().size() - 1).bytes(),
                "the same activations");
    }
}
