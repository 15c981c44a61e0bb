package org.ktoworkbench.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.data.Json;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Split;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --model DIR} on a tiny random Qwen3-like checkpoint with its own tokenizer, end to end through the CLI. */
class TrainModelFolderCliTest {
    @TempDir
    Path tmp;

    /** 24 prompts, each with a desirable and an undesirable completion the model can tell apart by their words. */
    static Path pairedRows(Path file) throws Exception {
        StringBuilder rows = new StringBuilder();
        for (int p = 0; p < 24; p++) {
            String prompt = "w" + (1 + p % 20) + " w" + (1 + (p * 7) % 20) + " w" + (21 + p);
            rows.append("{\"prompt\": \"").append(prompt).append("\", \"completion\": \" w50 w51 w52\", \"label\": true}\n");
            rows.append("{\"prompt\": \"").append(prompt).append("\", \"completion\": \" w60 w61\", \"label\": false}\n");
        }
        Files.writeString(file, rows);
        return file;
    }

    @Test
    void aShortKtoRunLowersTheLossAndItsExportReloadsWithTheLogProbsTheRunComputed() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen3();
        Path model = TinyCheckpoints.write(tmp.resolve("qwen3"), spec, "F32", false);
        TinyCheckpoints.writeTokenizer(model, spec, TinyCheckpoints.CHAT_TEMPLATE);
        String ws = tmp.resolve("ws").toString();
        CliRunner.Result imported = CliRunner.run("import", "--workspace", ws, pairedRows(tmp.resolve("rows.jsonl")).toString(),
                "--name", "pairs");
        assertEquals(0, imported.code(), imported.err());
        CliRunner.Result split = CliRunner.run("split", "--workspace", ws, "pairs", "--eval-fraction", "0.25", "--seed", "3");
        assertEquals(0, split.code(), split.err());

        // 12 eval rows in one eval micro-batch of 12: eval/logps/chosen is the plain mean over the desirable eval rows
        CliRunner.Result trained = CliRunner.run("train", "--workspace", ws, "--model", model.toString(), "--dataset",
                "pairs", "--steps", "25", "--batch", "12", "--lr", "3e-3", "--eval-every", "25", "--checkpoint-every", "0");
        assertEquals(0, trained.code(), trained.err());

        long runId;
        List<Example> evalRows;
        double loggedLogpsChosen;
        try (Workspace w = Workspace.open(Path.of(ws))) {
            List<RunInfo> runs = w.runs().listRuns();
            assertEquals(1, runs.size(), "no SFT run for a pretrained model by default: " + runs);
            RunInfo run = runs.get(0);
            runId = run.id();
            assertEquals("kto", run.kind());
            assertEquals(RunStatus.COMPLETED, run.status(), run.statusMessage());
            RunConfig config = RunConfigJson.fromJson(run.configJson());
            assertEquals(model.toAbsolutePath().normalize().toString(), config.model().folder());
            assertEquals(0.1, config.warmupFraction());
            assertEquals(0, config.sftSteps());
            List<MetricPoint> metrics = w.runs().metrics(runId);
            double lossBefore = value(metrics, 0, "eval/loss");
            double lossAfter = value(metrics, 25, "eval/loss");
            assertEquals((1.5 * 0.5 + 1.0 * 0.5) / 2, lossBefore, 1e-6,
                    "policy = reference at step 0: a row's loss is λ·(1 - σ(0)) = λ/2; λ_D 1.5, λ_U 1, half the rows each");
            assertTrue(lossAfter < lossBefore - 0.05, "eval loss " + lossBefore + " -> " + lossAfter);
            loggedLogpsChosen = value(metrics, 25, "eval/logps/chosen");
            evalRows = w.datasets().examples("pairs", Split.EVAL);
            assertEquals(12, evalRows.size());
        }

        Path exported = tmp.resolve("exported");
        CliRunner.Result export = CliRunner.run("export-model", "--workspace", ws, Long.toString(runId), exported.toString());
        assertEquals(0, export.code(), export.err());
        for (String file : new String[] {"config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"}) {
            assertTrue(Files.isRegularFile(exported.resolve(file)), file);
        }
        Path scores = tmp.resolve("scores.jsonl");
        CliRunner.Result scored = CliRunner.run("score", "--workspace", ws, "--model", exported.toString(), "pairs",
                "--out", scores.toString());
        assertEquals(0, scored.code(), scored.err());

        Set<String> desirableEval = new HashSet<>();
        for (Example e : evalRows) if (e.desirable()) desirableEval.add(e.prompt() + "\u0000" + e.completion());
        List<Example> all;
        try (Workspace w = Workspace.open(Path.of(ws))) {
            all = w.datasets().examples("pairs");
        }
        List<String> lines = Files.readAllLines(scores);
        assertEquals(all.size(), lines.size());
        double sum = 0;
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = Json.MAPPER.readTree(lines.get(i));
            Example e = all.get(i);
            if (desirableEval.contains(e.prompt() + "\u0000" + e.completion())) {
                sum += line.get("logp").asDouble();
                n++;
            }
        }
        assertEquals(6, n);
        assertEquals(loggedLogpsChosen, sum / n, 1e-4, "the exported model's log-probs are the ones the run computed");
    }

    private static double value(List<MetricPoint> metrics, long step, String name) {
        return metrics.stream().filter(p -> p.step() == step && p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " at step " + step + " in " + metrics)).value();
    }

    @Test
    void aModelFolderBringsThePretrainedDefaultsAndFlagsStillWin() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen3();
        Path model = TinyCheckpoints.write(tmp.resolve("qwen3"), spec, "F32", false);
        TinyCheckpoints.writeTokenizer(model, spec, null);
        Path saved = tmp.resolve("run.json");
        CliRunner.Result r = CliRunner.run("train", "--model", model.toString(), "--batch", "4", "--save-config",
                saved.toString());
        assertEquals(0, r.code(), r.err());
        RunConfig config = RunConfigJson.read(saved);
        assertEquals(0, config.sftSteps());
        assertEquals(5e-6, config.learningRate());
        assertEquals(0.1, config.warmupFraction());
        assertEquals(0, config.evalPrompts());
        assertEquals(4, config.batchSize(), "a flag wins over the pretrained default of 8");
        assertEquals(RunConfig.PRETRAINED_MAX_LENGTH, config.effectiveMaxLength(4096));

        Path file = tmp.resolve("only-folder.json");
        Files.writeString(file, "{\"model\": {\"folder\": \"" + model + "\"}, \"steps\": 3}");
        RunConfig fromFile = RunConfigJson.read(file);
        assertEquals(5e-6, fromFile.learningRate(), "a config file naming a folder gets the pretrained defaults too");
        assertEquals(3, fromFile.steps());
    }

    @Test
    void aMissingOrBrokenModelFolderIsRefusedBeforeAnythingIsMade() throws Exception {
        String ws = tmp.resolve("ws").toString();
        Path data = pairedRows(tmp.resolve("rows.jsonl"));
        Path missing = tmp.resolve("no-such-model");
        CliRunner.Result r = CliRunner.run("train", "--workspace", ws, "--model", missing.toString(), "--dataset",
                data.toString());
        assertEquals(1, r.code());
        assertEquals("error: " + missing.toAbsolutePath().normalize() + ": no such model folder", r.err().strip());

        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen3();
        Path noTokenizer = TinyCheckpoints.write(tmp.resolve("qwen3"), spec, "F32", false);
        CliRunner.Result r2 = CliRunner.run("train", "--workspace", ws, "--model", noTokenizer.toString(), "--dataset",
                data.toString());
        assertEquals(1, r2.code());
        assertTrue(r2.err().startsWith("error: " + noTokenizer.toAbsolutePath().normalize().resolve("tokenizer.json")),
                r2.err());
        try (Workspace w = Workspace.open(Path.of(ws))) {
            assertTrue(w.runs().listRuns().isEmpty());
            assertTrue(w.datasets().list().isEmpty(), "the dataset file was not imported either");
        }
    }

    @Test
    void aStoredConversationalDatasetScoresThroughTheChatTemplateAsItsFileDoes() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen3();
        Path model = TinyCheckpoints.write(tmp.resolve("qwen3"), spec, "F32", false);
        TinyCheckpoints.writeTokenizer(model, spec, TinyCheckpoints.CHAT_TEMPLATE);
        Path data = tmp.resolve("chat.jsonl");
        Files.writeString(data, """
                {"prompt": [{"role": "user", "content": "w1 w2"}], "completion": [{"role": "assistant", "content": "w3 w4"}], "label": true}
                {"prompt": [{"role": "user", "content": "w5"}], "completion": [{"role": "assistant", "content": "w6"}], "label": false}
                """);
        String ws = tmp.resolve("ws").toString();
        assertEquals(0, CliRunner.run("import", "--workspace", ws, data.toString(), "--name", "chat").code());
        CliRunner.Result fromFile = CliRunner.run("score", "--workspace", ws, "--model", model.toString(), data.toString(),
                "--with-ids");
        CliRunner.Result stored = CliRunner.run("score", "--workspace", ws, "--model", model.toString(), "chat", "--with-ids");
        assertEquals(0, fromFile.code(), fromFile.err());
        assertEquals(0, stored.code(), stored.err());
        assertEquals(fromFile.out(), stored.out());
        JsonNode first = Json.MAPPER.readTree(stored.out().lines().findFirst().orElseThrow());
        assertEquals(spec.vocab() - 3, first.get("prompt_ids").get(0).asInt(), "the template writes BOS");
        assertEquals(5, first.get("n_prompt").asInt(), "<s> user w1 w2 assistant");
    }
}
