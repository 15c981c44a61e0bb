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
}
