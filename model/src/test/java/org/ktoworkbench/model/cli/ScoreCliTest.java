package org.ktoworkbench.model.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.data.Json;
import org.ktoworkbench.model.hf.ReferenceLm;
import org.ktoworkbench.model.hf.TestSafetensors;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.SequenceLogProbs;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.text.ByteTokenizer;
import org.ktoworkbench.model.train.EncodedRows;
import org.ktoworkbench.model.train.RunPaths;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScoreCliTest {
    @TempDir
    Path tmp;

    @Test
    void huggingFaceScoresEqualTheFloat64ReferenceAndTrlTokenization() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.llama();
        Path model = TinyCheckpoints.write(tmp.resolve("llama"), spec, "BF16", false);
        TinyCheckpoints.writeTokenizer(model, spec, null);
        int bos = spec.vocab() - 3;
        int eos = spec.vocab() - 2;
        Path data = tmp.resolve("rows.jsonl");
        Files.writeString(data, """
                {"prompt": "w1 w2 w3", "completion": " w4 w5", "label": true}
                {"prompt": "w9 w8 w7 w6 w5 w4", "completion": " w1", "label": false}
                {"prompt": "w10", "completion": " w11 w12 w13 w14 w15 w16 w17", "label": false}
                """);
        CliRunner.Result r = CliRunner.run("score", "--workspace", tmp.resolve("ws").toString(), "--model",
                model.toString(), data.toString(), "--with-ids", "--max-length", "7");
        assertEquals(0, r.code(), r.err());
        List<JsonNode> lines = jsonLines(r.out());
        assertEquals(3, lines.size());

        int[][] prompts = {{bos, 1, 2, 3}, null, {bos, 10}};
        int[][] completions = {{4, 5, eos}, null, {11, 12, 13, 14, 15}}; // row 3 cut at 7 tokens from the right
        ReferenceLm reference = new ReferenceLm(spec, TestSafetensors.readCheckpoint(model));
        for (int row : new int[] {0, 2}) {
            JsonNode line = lines.get(row);
            assertEquals(row + 1, line.get("row").asInt());
            assertArrayEquals(prompts[row], ints(line.get("prompt_ids")));
            assertArrayEquals(completions[row], ints(line.get("completion_ids")));
            assertEquals(prompts[row].length, line.get("n_prompt").asInt());
            assertEquals(completions[row].length, line.get("n_completion").asInt());
            assertEquals(referenceLogp(reference, prompts[row], completions[row]), line.get("logp").asDouble(), 1e-4,
                    "row " + (row + 1));
        }
        assertEquals(2, lines.get(1).get("row").asInt());
        assertEquals("prompt fills max length 7", lines.get(1).get("dropped").asText());
        assertFalse(lines.get(1).has("logp"));
        assertTrue(r.err().contains("warning: dropped 1 of 3 rows whose prompt alone has 7 tokens or more"), r.err());
    }

    @Test
    void conversationalRowsGoThroughTheChatTemplate() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen3();
        Path model = TinyCheckpoints.write(tmp.resolve("qwen3"), spec, "F32", false);
        TinyCheckpoints.writeTokenizer(model, spec, TinyCheckpoints.CHAT_TEMPLATE);
        Path data = tmp.resolve("chat.jsonl");
        Files.writeString(data, """
                {"prompt": [{"role": "user", "content": "w1 w2"}], "completion": [{"role": "assistant", "content": "w3 w4"}], "label": true}
                """);
        CliRunner.Result r = CliRunner.run("score", "--workspace", tmp.resolve("ws").toString(), "--model",
                model.toString(), data.toString(), "--with-ids");
        assertEquals(0, r.code(), r.err());
        JsonNode line = jsonLines(r.out()).get(0);
        int bos = spec.vocab() - 3;
        // "<s>user w1 w2 assistant " then "w3 w4 ": user and assistant are not in the vocabulary (<unk> = 0)
        int[] prompt = {bos, 0, 1, 2, 0};
        int[] completion = {3, 4};
        assertArrayEquals(prompt, ints(line.get("prompt_ids")), line.toString());
        assertArrayEquals(completion, ints(line.get("completion_ids")), line.toString());
        ReferenceLm reference = new ReferenceLm(spec, TestSafetensors.readCheckpoint(model));
        assertEquals(referenceLogp(reference, prompt, completion), line.get("logp").asDouble(), 1e-4);
    }

    @Test
    void builtInRunScoresEqualTrainingsLogProbsOnAStoredDataset() throws Exception {
        Path wsDir = tmp.resolve("ws");
        Path data = tmp.resolve("inc.jsonl");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            rows.append("{\"prompt\": \"inc ").append(1000 + 37 * i).append("=\", \"completion\": \"")
                    .append(2111 + i).append("\", \"label\": ").append(i % 3 == 0).append("}\n");
        }
        rows.append("{\"prompt\": \"").append("x".repeat(60)).append("\", \"completion\": \"long\", \"label\": true}\n");
        Files.writeString(data, rows);
        assertEquals(0, CliRunner.run("import", data.toString(), "--workspace", wsDir.toString(), "--name", "inc").code());
        long run = BuiltInRuns.completedRun(wsDir, 5);
        Path out = tmp.resolve("scores.jsonl");

        CliRunner.Result r = CliRunner.run("score", "--workspace", wsDir.toString(), "--model", Long.toString(run),
                "inc", "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.out());
        List<JsonNode> lines = jsonLines(Files.readString(out));
        assertEquals(21, lines.size());

        try (Workspace ws = Workspace.open(wsDir); Gpt gpt = Gpt.load(new RunPaths(wsDir, run).finalModel());
             NDManager manager = NDManager.newBaseManager()) {
            List<Example> examples = ws.datasets().examples("inc");
            EncodedRows encoded = new EncodedRows(examples, new ByteTokenizer(), gpt.contextLength());
            List<Double> expected = new ArrayList<>();
            for (int from = 0; from < examples.size(); from += 16) { // the chunk --precompute-reference uses
                int[] chunk = IntStream.range(from, Math.min(examples.size(), from + 16)).toArray();
                for (float v : SequenceLogProbs.compute(gpt, encoded.pack(chunk, chunk), manager).toFloatArray()) {
                    expected.add((double) v);
                }
            }
            for (int i = 0; i < examples.size(); i++) {
                assertEquals(expected.get(i), lines.get(i).get("logp").asDouble(), 0.0, "row " + (i + 1));
                assertEquals(examples.get(i).desirable(), lines.get(i).get("label").asBoolean());
                assertEquals(examples.get(i).completion().length() + 1, lines.get(i).get("n_completion").asInt());
            }
            assertEquals(33 - 5, lines.get(20).get("n_prompt").asInt()); // BOS + 27 of 60 prompt bytes fit 33 tokens
        }

        CliRunner.Result again = CliRunner.run("score", "--workspace", wsDir.toString(), "--model", Long.toString(run),
                "inc", "--out", out.toString());
        assertEquals(1, again.code());
        assertEquals("error: " + out + ": already exists; not replaced (--force replaces it)\n", again.err());
    }

    @Test
    void badRequestsAreOneErrorLine() throws Exception {
        Path wsDir = tmp.resolve("ws");
        CliRunner.Result noInput = CliRunner.run("score", "--workspace", wsDir.toString(), "--model",
                tmp.toString(), "nothing-here");
        assertEquals(1, noInput.code());
        assertTrue(noInput.err().startsWith("error: 'nothing-here' is neither a dataset in workspace"), noInput.err());

        CliRunner.Result noRun = CliRunner.run("score", "--workspace", wsDir.toString(), "--model", "42", "x");
        assertEquals(1, noRun.code());
        assertTrue(noRun.err().startsWith("error: no run 42 in workspace"), noRun.err());

        long queued;
        try (Workspace ws = Workspace.open(wsDir)) {
            queued = ws.runs().createRun("waiting", "kto", null, "{}", null);
            ws.runs().setStatus(queued, org.ktoworkbench.model.store.RunStatus.FAILED, "test");
        }
        CliRunner.Result noModel = CliRunner.run("score", "--workspace", wsDir.toString(), "--model",
                Long.toString(queued), "x");
        assertEquals("error: run " + queued + " has no final model (status failed; a run leaves one when it completes)\n",
                noModel.err());
    }

    /** Σ over completion tokens of log p(token | everything before it), from the float64 reference. */
    static double referenceLogp(ReferenceLm reference, int[] prompt, int[] completion) {
        int[] full = IntStream.concat(IntStream.of(prompt), IntStream.of(completion)).toArray();
        double[][] logSoftmax = reference.logSoftmax(java.util.Arrays.copyOf(full, full.length - 1));
        double sum = 0;
        for (int t = Math.max(0, prompt.length - 1); t < full.length - 1; t++) {
            sum += logSoftmax[t][full[t + 1]];
        }
        return sum;
    }

    static List<JsonNode> jsonLines(String text) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.lines().toList()) out.add(Json.MAPPER.readTree(line));
        return out;
    }

    private static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }
}
