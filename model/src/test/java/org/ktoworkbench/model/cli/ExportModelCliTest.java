package org.ktoworkbench.model.cli;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.data.Json;
import org.ktoworkbench.model.hf.TestSafetensors;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.hf.HfModels;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.RunPaths;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportModelCliTest {
    @TempDir
    Path tmp;

    @Test
    void builtInExportLoadsAsGpt2WithTheSameLogProbs() throws Exception {
        Path wsDir = tmp.resolve("ws");
        long run = BuiltInRuns.completedRun(wsDir, 11, 25);
        Path out = tmp.resolve("export");
        CliRunner.Result r = CliRunner.run("export-model", Long.toString(run), out.toString(), "--workspace", wsDir.toString());
        assertEquals(0, r.code(), r.err());

        JsonNode config = Json.MAPPER.readTree(Files.readString(out.resolve("config.json")));
        assertEquals("GPT2LMHeadModel", config.get("architectures").get(0).asText());
        assertEquals("gelu", config.get("activation_function").asText());
        assertEquals(259, config.get("vocab_size").asInt());
        assertEquals(BuiltInRuns.TINY.dModel(), config.get("n_embd").asInt());
        assertTrue(Files.exists(out.resolve("generation_config.json")));
        assertArrayEquals(new long[] {16, 48}, TestSafetensors.read(out.resolve("model.safetensors"))
                .get("transformer.h.0.attn.c_attn.weight").shape()); // Conv1D [in, out]

        int[] tokens = new Random(3).ints(BuiltInRuns.TINY.contextLength(), 0, 259).toArray();
        try (Gpt gpt = Gpt.load(new RunPaths(wsDir, run).finalModel()); CausalLm exported = HfModels.load(out);
             NDManager m = NDManager.newBaseManager()) {
            float[] expected = gpt.logits(m.create(tokens).reshape(1, tokens.length)).logSoftmax(2).toFloatArray();
            float[] actual = exported.logits(m.create(tokens).reshape(1, tokens.length)).logSoftmax(2).toFloatArray();
            double worst = 0;
            for (int i = 0; i < expected.length; i++) worst = Math.max(worst, Math.abs(expected[i] - actual[i]));
            assertTrue(worst <= 1e-5, "largest per-token log-prob difference " + worst);
        }
    }

    @Test
    void huggingFaceRunExportsItsTensorsByteForByteWithTokenizerFiles() throws Exception {
        Path wsDir = tmp.resolve("ws");
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen3();
        long run;
        Path source;
        try (Workspace ws = Workspace.open(wsDir)) {
            run = ws.runs().createRun("hf", "kto", null, "{}", null);
            source = TinyCheckpoints.write(new RunPaths(wsDir, run).finalModel(), spec, "BF16", false);
            TinyCheckpoints.writeTokenizer(source, spec, TinyCheckpoints.CHAT_TEMPLATE);
            ws.runs().setStatus(run, RunStatus.COMPLETED, null);
        }
        Path out = tmp.resolve("export");
        CliRunner.Result r = CliRunner.run("export-model", Long.toString(run), out.toString(), "--workspace", wsDir.toString());
        assertEquals(0, r.code(), r.err());
        for (String name : TinyCheckpoints.shapes(spec).keySet()) {
            assertArrayEquals(TestSafetensors.rawBytes(source.resolve("model.safetensors"), name),
                    TestSafetensors.rawBytes(out.resolve("model.safetensors"), name), name);
        }
        for (String file : new String[] {"config.json", "tokenizer.json", "tokenizer_config.json"}) {
            assertEquals(Files.readString(source.resolve(file)), Files.readString(out.resolve(file)), file);
        }
    }

    @Test
    void aNonEmptyFolderIsKeptUnlessForced() throws Exception {
        Path wsDir = tmp.resolve("ws");
        long run = BuiltInRuns.completedRun(wsDir, 1);
        Path out = Files.createDirectories(tmp.resolve("taken"));
        Files.writeString(out.resolve("keep.txt"), "mine");

        CliRunner.Result refused = CliRunner.run("export-model", Long.toString(run), out.toString(), "--workspace", wsDir.toString());
        assertEquals(1, refused.code());
        assertEquals("error: " + out + ": exists and is not empty; not replaced (--force replaces it)\n", refused.err());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));

        CliRunner.Result forced = CliRunner.run("export-model", Long.toString(run), out.toString(), "--force",
                "--workspace", wsDir.toString());
        assertEquals(0, forced.code(), forced.err());
        assertFalse(Files.exists(out.resolve("keep.txt")));
        assertTrue(Files.exists(out.resolve("model.safetensors")));
        try (var entries = Files.list(tmp)) {
            assertTrue(entries.noneMatch(p -> p.getFileName().toString().endsWith(".partial")));
        }
    }
}
