package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.hf.TestSafetensors;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code train --lora-*} on a tiny random GPT-2 checkpoint: bad flags refused before a run, show, export and --merge. */
class LoraCliTest {
    @TempDir
    Path tmp;

    @Test
    void badLoraFlagsAreRefusedWithOneLineBeforeAnyRunIsMade() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.gpt2();
        Path model = TinyCheckpoints.write(tmp.resolve("gpt2"), spec, "F32", false);
        TinyCheckpoints.writeTokenizer(model, spec, null);
        String ws = tmp.resolve("ws").toString();
        String rows = TrainModelFolderCliTest.pairedRows(tmp.resolve("rows.jsonl")).toString();
        String[][] bad = {
                {"--lora-rank", "4", "--lora-targets", "c_attn,q_proj"},
                {"--lora-alpha", "16"},
                {"--lora-rank", "0"},
                {"--lora-rank", "4", "--lora-dropout", "1"},
        };
        String[] expected = {
                "LoRA target q_proj is not a module of GPT2LMHeadModel; valid targets: c_attn, c_proj, c_fc",
                "--lora-alpha, --lora-dropout and --lora-targets need --lora-rank (without it the run trains every weight)",
                "lora.rank: must be at least 1, got 0",
                "lora.dropout: must be in [0, 1), got 1.0",
        };
        for (int i = 0; i < bad.length; i++) {
            List<String> args = new java.util.ArrayList<>(List.of("train", "--workspace", ws, "--model", model.toString(),
                    "--dataset", rows, "--steps", "2", "--batch", "4"));
            args.addAll(List.of(bad[i]));
            CliRunner.Result result = CliRunner.run(args.toArray(String[]::new));
            assertNotEquals(0, result.code(), String.join(" ", bad[i]));
            assertTrue(result.err().contains(expected[i]), result.err());
            assertEquals(1, result.err().strip().lines().count(), result.err());
        }
        CliRunner.Result builtIn = CliRunner.run("train", "--workspace", ws, "--lora-rank", "4", "--steps", "2");
        assertNotEquals(0, builtIn.code());
        assertTrue(builtIn.err().contains("LoRA (--lora-rank) needs a Hugging Face model folder (--model DIR)"), builtIn.err());
        if (Files.exists(Path.of(ws))) {
            try (Workspace w = Workspace.open(Path.of(ws))) {
                assertTrue(w.runs().listRuns().isEmpty(), "no run was made");
                assertTrue(w.datasets().list().isEmpty(), "nothing was imported");
            }
        }
    }

    @Test
    void aLoraRunShowsItsSettingsAndExportsAsAnAdapterOrMerged() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.gpt2();
        Path model = TinyCheckpoints.write(tmp.resolve("gpt2"), spec, "F32", false);
        TinyCheckpoints.writeTokenizer(model, spec, null);
        String ws = tmp.resolve("ws").toString();
        String rows = TrainModelFolderCliTest.pairedRows(tmp.resolve("rows.jsonl")).toString();
        CliRunner.Result trained = CliRunner.run("train", "--workspace", ws, "--model", model.toString(), "--dataset", rows,
                "--steps", "3", "--batch", "4", "--lr", "1e-2", "--eval-every", "0", "--checkpoint-every", "0",
                "--lora-rank", "2", "--lora-alpha", "4", "--lora-targets", "c_attn,c_fc");
        assertEquals(0, trained.code(), trained.out() + trained.err());
        long runId;
        try (Workspace w = Workspace.open(Path.of(ws))) {
            RunInfo run = w.runs().listRuns().get(0);
            assertEquals(RunStatus.COMPLETED, run.status(), run.statusMessage());
            runId = run.id();
        }
        CliRunner.Result show = CliRunner.run("show", "--workspace", ws, Long.toString(runId));
        assertEquals(0, show.code(), show.err());
        assertTrue(show.out().contains("LoRA: rank 2, alpha 4 (scale 2), dropout 0, targets c_attn,c_fc"), show.out());
        assertTrue(show.out().contains("(a PEFT LoRA adapter"), show.out());

        Path adapter = tmp.resolve("adapter");
        CliRunner.Result export = CliRunner.run("export-model", "--workspace", ws, Long.toString(runId), adapter.toString());
        assertEquals(0, export.code(), export.err());
        assertEquals(8, TestSafetensors.read(adapter.resolve("adapter_model.safetensors")).size(), "A and B of 2 modules × 2 layers");
        assertTrue(Files.readString(adapter.resolve("adapter_config.json")).contains("\"fan_in_fan_out\" : true"));

        Path merged = tmp.resolve("merged");
        CliRunner.Result mergedExport = CliRunner.run("export-model", "--workspace", ws, Long.toString(runId),
                merged.toString(), "--merge");
        assertEquals(0, mergedExport.code(), mergedExport.err());
        assertTrue(mergedExport.out().contains("LoRA adapter merged"), mergedExport.out());
        var base = TestSafetensors.read(model.resolve("model.safetensors"));
        var out = TestSafetensors.read(merged.resolve("model.safetensors"));
        assertEquals(base.keySet(), out.keySet());
        assertFalse(java.util.Arrays.equals(base.get("transformer.h.0.attn.c_attn.weight").values(),
                out.get("transformer.h.0.attn.c_attn.weight").values()), "the trained adapter is merged in");
        assertTrue(java.util.Arrays.equals(base.get("transformer.h.0.attn.c_proj.weight").values(),
                out.get("transformer.h.0.attn.c_proj.weight").values()), "an untargeted weight is the base's");
        assertTrue(Files.isRegularFile(merged.resolve("tokenizer.json")));

        CliRunner.Result bench = CliRunner.run("bench", "kto", "--model", model.toString(), "--lora-rank", "2", "--steps", "1",
                "--warmup", "0", "--peak-size", "64", "--peak-reps", "1", "--seq-len", "12", "--batch", "4");
        assertEquals(0, bench.code(), bench.err());
        // c_attn of 2 layers: 2·(32 + 96) per layer
        assertTrue(bench.out().contains("LoRA: rank 2, alpha 2, targets c_attn (512 trainable parameters; the base's frozen)"),
                bench.out());
    }
}
