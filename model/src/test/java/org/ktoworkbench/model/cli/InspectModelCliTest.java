package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.GptConfig;
import org.ktoworkbench.model.text.ByteTokenizer;
import org.ktoworkbench.model.train.MemoryEstimate;
import org.ktoworkbench.model.nn.ModelShape;

import java.nio.file.Path;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectModelCliTest {
    @TempDir
    Path tmp;

    @Test
    void describesAHuggingFaceCheckpointFromItsFiles() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen2();
        Path dir = TinyCheckpoints.write(tmp.resolve("qwen"), spec, "BF16", true);
        TinyCheckpoints.writeTokenizer(dir, spec, TinyCheckpoints.CHAT_TEMPLATE);
        long parameters = TinyCheckpoints.shapes(spec).values().stream()
                .mapToLong(shape -> java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)).sum();
        int tensors = TinyCheckpoints.shapes(spec).size();

        CliRunner.Result r = CliRunner.run("inspect-model", dir.toString(), "--batch", "4");

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("architecture     Qwen2ForCausalLM (Hugging Face)\n"), r.out());
        assertTrue(r.out().contains(String.format(Locale.ROOT, "parameters       %,d%n", parameters)), r.out());
        assertTrue(r.out().contains("dtype            BF16 (" + tensors + " tensors)\n"), r.out());
        assertTrue(r.out().contains("vocabulary       120\n"), r.out());
        assertTrue(r.out().contains("context          40 tokens\n"), r.out());
        assertTrue(r.out().contains("tied embeddings  yes\n"), r.out());
        assertTrue(r.out().contains("chat template    yes\n"), r.out());
        ModelShape shape = new ModelShape(parameters, spec.layers(), spec.hidden(), spec.heads(), spec.intermediate(),
                true, spec.vocab(), spec.maxPositions());
        String expected = "KTO memory       about " + MemoryEstimate.format(MemoryEstimate.ofKto(shape, 4, 40).totalBytes())
                + " for batch 4 x 40 tokens (weights ";
        assertTrue(r.out().contains(expected), r.out());
        assertTrue(r.out().matches("(?s).*available        \\d+\\.\\d [KMGT]iB: (fits|does not fit.*)\n"), r.out());
    }

    @Test
    void describesABuiltInModelAndAnUntiedCheckpointWithoutTemplate() throws Exception {
        GptConfig config = new GptConfig(ByteTokenizer.VOCAB_SIZE, 16, 1, 16, 2);
        Path gpt = tmp.resolve("gpt");
        try (Gpt model = Gpt.create(config, 1)) {
            model.save(gpt);
        }
        CliRunner.Result builtIn = CliRunner.run("inspect-model", gpt.toString());
        assertEquals(0, builtIn.code(), builtIn.err());
        assertTrue(builtIn.out().contains("architecture     built-in GPT\n"), builtIn.out());
        assertTrue(builtIn.out().contains(String.format(Locale.ROOT, "parameters       %,d%n", config.parameterCount())));
        assertTrue(builtIn.out().contains("dtype            F32 (16 tensors)\n"), builtIn.out());
        assertTrue(builtIn.out().contains("chat template    no\n"), builtIn.out());

        TinyCheckpoints.Spec spec = TinyCheckpoints.pythia();
        Path pythia = TinyCheckpoints.write(tmp.resolve("pythia"), spec, "F16", false);
        TinyCheckpoints.writeTokenizer(pythia, spec, null);
        CliRunner.Result untied = CliRunner.run("inspect-model", pythia.toString());
        assertEquals(0, untied.code(), untied.err());
        assertTrue(untied.out().contains("tied embeddings  no\n"), untied.out());
        assertTrue(untied.out().contains("chat template    no\n"), untied.out());
        assertTrue(untied.out().contains("dtype            F16 ("), untied.out());
    }

    @Test
    void aMissingOrBrokenFolderIsOneErrorLine() throws Exception {
        CliRunner.Result missing = CliRunner.run("inspect-model", tmp.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertEquals("error: " + tmp.resolve("nope") + ": no such model folder\n", missing.err());

        TinyCheckpoints.Spec spec = TinyCheckpoints.gpt2();
        Path dir = TinyCheckpoints.write(tmp.resolve("gpt2"), spec, "F32", false);
        CliRunner.Result noTokenizer = CliRunner.run("inspect-model", dir.toString());
        assertEquals(1, noTokenizer.code());
        assertTrue(noTokenizer.err().startsWith("error: " + dir.resolve("tokenizer.json") + ": no such file"), noTokenizer.err());
    }
}
