package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.hf.TestSafetensors;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.ImportProgress;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs on a Hugging Face model folder (a tiny random Qwen2 checkpoint in BF16, with a chat template): a cancelled run
 * resumes to the numbers of an uninterrupted one and still saves in the source dtype; a resume refuses a folder that
 * changed or moved; rows that max length cuts or drops are reported.
 */
class ModelFolderRunTest {
    @TempDir
    Path dir;

    private Path model() throws IOException {
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen2();
        Path model = TinyCheckpoints.write(dir.resolve("qwen2"), spec, "BF16", false);
        TinyCheckpoints.writeTokenizer(model, spec, TinyCheckpoints.CHAT_TEMPLATE);
        return model;
    }

    /** Conversational rows (message lists), so the tokenizer's chat template renders them. */
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
                "learningRate", 1e-3, "evalEvery", 3, "checkpointEvery", 3));
        values.putAll(more);
        return RunConfigJson.withOverrides(RunConfig.pretrainedDefaults(model), values);
    }

    @Test
    void aCancelledRunResumesToTheUninterruptedNumbersAndSavesInTheSourceDtype() throws IOException {
        Path model = model();
        RunConfig config = config(model, Map.of());
        List<MetricPoint> uninterrupted;
        try (Workspace ws = workspace(dir.resolve("a"))) {
            List<RunSummary> runs = new Trainer(ws).train(config, null, event -> {}, new CancellationToken());
            assertEquals(1, runs.size());
            assertEquals(RunStatus.COMPLETED, runs.get(0).status(), runs.get(0).message());
            uninterrupted = TrainingFixture.metricsWithoutTiming(ws, runs.get(0).runId());
        }
        try (Workspace ws = workspace(dir.resolve("b"))) {
            CancellationToken cancel = new CancellationToken();
            long runId = new Trainer(ws).train(config, null, TrainingFixture.cancelAt(RunEvent.Phase.KTO, 4, cancel), cancel)
                    .get(0).runId();
            assertEquals(RunStatus.CANCELLED, TrainingFixture.run(ws, runId).status());
            Path checkpoint = new RunPaths(ws.directory(), runId).checkpoints().resolve("step-3");
            assertEquals("F32", TestSafetensors.read(checkpoint.resolve("model.safetensors")).get("model.norm.weight").dtype(),
                    "a checkpoint holds the float32 values the run trains, so it resumes exactly");
            assertTrue(Files.readString(checkpoint.resolve("source_dtypes.json")).contains("\"model.norm.weight\":\"BF16\""));

            List<RunSummary> resumed = new Trainer(ws).resume(runId, event -> {}, new CancellationToken());
            assertEquals(RunStatus.COMPLETED, resumed.get(0).status(), resumed.get(0).message());
            assertEquals(uninterrupted, TrainingFixture.metricsWithoutTiming(ws, runId));
            Path finalModel = new RunPaths(ws.directory(), runId).finalModel();
            TestSafetensors.read(finalModel.resolve("model.safetensors")).forEach((name, tensor) ->
                    assertEquals("BF16", tensor.dtype(), name + " keeps the checkpoint's dtype"));
            assertTrue(Files.isRegularFile(finalModel.resolve("tokenizer.json")), "the final model loads on its own");
        }
    }

    @Test
    void aResumeRefusesAModelFolderThatChangedOrMoved() throws IOException {
        Path model = model();
        try (Workspace ws = workspace(dir.resolve("ws"))) {
            CancellationToken cancel = new CancellationToken();
            long runId = new Trainer(ws).train(config(model, Map.of()), null,
                    TrainingFixture.cancelAt(RunEvent.Phase.KTO, 4, cancel), cancel).get(0).runId();
            Path weights = model.resolve("model.safetensors");
            byte[] original = Files.readAllBytes(weights);
            byte[] changed = original.clone();
            changed[changed.length - 1] ^= 1; // one bit of the last weight
            Files.write(weights, changed);

            IllegalStateException refused = assertThrows(IllegalStateException.class,
                    () -> new Trainer(ws).resume(runId, event -> {}, new CancellationToken()));
            assertTrue(refused.getMessage().startsWith("run " + runId + " cannot resume: its model folder changed since"
                    + " the run started (then " + model.toAbsolutePath().normalize()), refused.getMessage());
            assertEquals(RunStatus.CANCELLED, TrainingFixture.run(ws, runId).status(), "a refusal changes nothing");

            Files.write(weights, original);
            Path moved = dir.resolve("moved");
            Files.move(model, moved);
            IllegalStateException gone = assertThrows(IllegalStateException.class,
                    () -> new Trainer(ws).resume(runId, event -> {}, new CancellationToken()));
            assertTrue(gone.getMessage().contains("its model folder " + model.toAbsolutePath().normalize()
                    + " no longer exists"), gone.getMessage());

            Files.move(moved, model);
            assertEquals(RunStatus.COMPLETED,
                    new Trainer(ws).resume(runId, event -> {}, new CancellationToken()).get(0).status());
        }
    }

    @Test
    void rowsCutOrDroppedByMaxLengthAreReported() throws IOException {
        Path model = model();
        // as the chat template renders them: "<s> user w1 assistant" is 4 tokens (the words split on whitespace;
        // role names are not in the vocabulary and read as <unk>), a long prompt 11; full rows add 6 completion words
        StringBuilder rows = new StringBuilder();
        for (int p = 0; p < 12; p++) {
            String words = p % 3 == 0 ? "w1 w2 w3 w4 w5 w6 w7 w" + (8 + p) : "w" + (1 + p);
            for (boolean label : new boolean[] {true, false}) {
                rows.append("{\"prompt\": [{\"role\": \"user\", \"content\": \"").append(words)
                        .append("\"}], \"completion\": [{\"role\": \"assistant\", \"content\": \"")
                        .append(label ? "w40 w41 w42 w43 w44 w45" : "w50 w51 w52 w53 w54 w55")
                        .append("\"}], \"label\": ").append(label).append("}\n");
            }
        }
        Path file = dir.resolve("long.jsonl");
        Files.writeString(file, rows);
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            DatasetChanges.importWithEvalSplit(ws, file, ImportOptions.strict("chat"), ImportProgress.NONE);
            TrainingFixture.EventLog log = new TrainingFixture.EventLog();
            List<RunSummary> runs = new Trainer(ws).train(config(model, Map.of("maxLength", 8, "steps", 1,
                    "checkpointEvery", 0)), null, log, new CancellationToken());
            assertEquals(RunStatus.COMPLETED, runs.get(0).status(), runs.get(0).message());
            List<String> notices = log.of(RunEvent.Notice.class).stream().map(RunEvent.Notice::message).toList();
            int train = (int) (ws.datasets().get("chat").rows() - ws.datasets().get("chat").evalRows());
            int longTrain = (int) ws.datasets().examples("chat", org.ktoworkbench.model.store.Split.TRAIN).stream()
                    .filter(e -> e.prompt().contains("w7")).count();
            assertTrue(longTrain > 0 && longTrain < train, "the split keeps long and short prompts in train");
            assertTrue(notices.contains("train split: dropped " + longTrain + " of " + train + " rows whose prompt alone"
                    + " has 8 tokens or more (max length 8); first: row " + firstLong(ws) ), notices.toString());
            assertTrue(notices.contains("train split: truncated the completions of " + (train - longTrain) + " of " + train
                    + " rows to max length 8"), notices.toString());
        }
    }

    private static int firstLong(Workspace ws) {
        List<org.ktoworkbench.model.data.Example> train = ws.datasets().examples("chat", org.ktoworkbench.model.store.Split.TRAIN);
        for (int i = 0; i < train.size(); i++) if (train.get(i).prompt().contains("w7")) return i + 1;
        throw new AssertionError("no long prompt in train");
    }
}
