package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.bench.DecoderDims;
import org.ktoworkbench.model.bench.FlopCount;
import org.ktoworkbench.model.cli.CliRunner.Result;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.GptConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `bench kto`, `bench memory` and `bench make-checkpoint` through the command line, at tiny shapes. */
class BenchKtoCommandTest {
    /** Options that keep the peak measurement short. */
    private static final String[] QUICK_PEAK = {"--peak-size", "64", "--peak-reps", "1"};

    @TempDir
    Path tmp;

    private static final String[] TINY = {"--layers", "1", "--d-model", "16", "--heads", "2", "--seq-len", "12",
            "--batch", "4", "--vocab", "40"};

    private static Result cli(String... args) {
        return CliRunner.run(args);
    }

    private static String[] concat(String[] first, String... rest) {
        String[] all = new String[first.length + rest.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    private static double value(List<String> lines, String label) {
        Pattern pattern = Pattern.compile(Pattern.quote(label) + ": ([-+0-9.]+)");
        for (String line : lines) {
            Matcher m = pattern.matcher(line);
            if (m.lookingAt()) {
                return Double.parseDouble(m.group(1));
            }
        }
        throw new AssertionError("no '" + label + ":' line in\n" + String.join("\n", lines));
    }

    @Test
    void benchKtoPrintsMsPerStepAndTokensPerSecondLast() {
        Result r = cli(concat(new String[] {"bench", "kto"}, concat(TINY, "--steps", "3", "--warmup", "1",
                "--peak-size", "64", "--peak-reps", "2")));
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.lines();
        assertRatesOf(lines, 48); // 4 rows of 12 tokens a step
        assertTrue(value(lines, "matmul peak GFLOP/s") > 0);
        assertTrue(value(lines, "step GFLOP/s") > 0);
        assertTrue(value(lines, "fraction of peak") >= 0);
        assertTrue(lines.stream().noneMatch(l -> l.contains("eager")), "no figure from another machine: " + lines);
    }

    /** The last two lines are ms/step and tokens/s, positive and consistent with {@code tokensPerStep}. */
    private static void assertRatesOf(List<String> lines, int tokensPerStep) {
        int n = lines.size();
        assertTrue(lines.get(n - 2).matches("ms/step: \\d+\\.\\d"), lines.get(n - 2));
        assertTrue(lines.get(n - 1).matches("tokens/s: \\d+"), lines.get(n - 1));
        double msPerStep = value(lines, "ms/step");
        double tokensPerSecond = value(lines, "tokens/s");
        assertTrue(msPerStep > 0 && tokensPerSecond > 0, String.join("\n", lines));
        // the printed ms/step is rounded to 0.1 ms and tokens/s to a whole number
        double fastest = tokensPerStep / ((msPerStep - 0.05) / 1000);
        double slowest = tokensPerStep / ((msPerStep + 0.05) / 1000);
        assertTrue(tokensPerSecond >= slowest - 1 && tokensPerSecond <= fastest + 1,
                tokensPerSecond + " tokens/s is not " + tokensPerStep + " tokens per " + msPerStep + " ms");
    }

    @Test
    void benchKtoWithModelTimesTheLoadedHuggingFaceModel() throws IOException {
        TinyCheckpoints.Spec spec = TinyCheckpoints.qwen3();
        Path dir = TinyCheckpoints.write(tmp.resolve("qwen3"), spec, "BF16", false);
        long parameters = TinyCheckpoints.shapes(spec).values().stream()
                .mapToLong(shape -> Arrays.stream(shape).reduce(1, (a, b) -> a * b)).sum();

        Result r = cli(concat(new String[] {"bench", "kto", "--model", dir.toString(), "--seq-len", "12", "--batch", "4",
                "--steps", "1", "--warmup", "0"}, QUICK_PEAK));

        assertEquals(0, r.code(), r.err());
        List<String> lines = r.lines();
        assertEquals(String.format(Locale.ROOT, "shape: Qwen3ForCausalLM from %s: 2 layers, hidden 32, 4 heads (2 kv),"
                + " head_dim 12, gated MLP 48, vocab 100, tied head; seq-len 12, batch 4 (%,d parameters)", dir,
                parameters), lines.get(0));
        double flops = FlopCount.ktoStep(DecoderDims.of(HfConfigReader.read(dir)), 4, 12);
        assertTrue(lines.contains(String.format(Locale.ROOT,
                "step GFLOP: %.2f (matrix products of 6 forward passes' worth)", flops / 1e9)), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("timed steps: 1 after 0 warmup; ms/step median ")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("load average before: ")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("load average after: ")));
        // step GFLOP/s is the counted FLOPs over the printed median
        double msPerStep = value(lines, "ms/step");
        double rate = flops / (msPerStep / 1000) / 1e9;
        // both printed rounded: GFLOP/s to 0.1, ms/step to 0.1 ms
        assertEquals(rate, value(lines, "step GFLOP/s"), 0.051 + rate * 0.06 / msPerStep);
        assertTrue(value(lines, "fraction of peak") >= 0);
        assertRatesOf(lines, 48);
    }

    @Test
    void makeCheckpointWritesAModelThatBenchKtoTrains() {
        Path dir = tmp.resolve("llama");
        Result made = cli("bench", "make-checkpoint", dir.toString(), "--arch", "llama", "--layers", "1", "--hidden", "32",
                "--heads", "4", "--kv-heads", "2", "--intermediate", "64", "--vocab", "64", "--context", "16");
        assertEquals(0, made.code(), made.err());
        // untied by default for Llama: embed_tokens and lm_head 64·32 each, q and o 32·32, k and v 16·32, 3 MLP 64·32,
        // two layer norms and the final norm 32 each
        long parameters = 2 * 64 * 32 + 2 * 32 * 32 + 2 * 16 * 32 + 3 * 64 * 32 + 3 * 32;
        assertEquals(String.format(Locale.ROOT, "wrote %s: LlamaForCausalLM: 1 layers, hidden 32, 4 heads (2 kv),"
                + " head_dim 8, gated MLP 64, vocab 64, untied head (%,d parameters, float32)%n", dir, parameters), made.out());
        assertTrue(Files.isRegularFile(dir.resolve("model.safetensors")));

        Result r = cli(concat(new String[] {"bench", "kto", "--model", dir.toString(), "--seq-len", "16", "--batch", "2",
                "--steps", "2", "--warmup", "1"}, QUICK_PEAK));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.lines().get(0).startsWith("shape: LlamaForCausalLM from "), r.out());
        assertTrue(r.lines().stream().anyMatch(l -> l.startsWith("timed steps: 2 after 1 warmup; ")), r.out());
        assertRatesOf(r.lines(), 32);

        Result again = cli("bench", "make-checkpoint", dir.toString(), "--arch", "gpt2", "--layers", "1", "--hidden",
                "32", "--heads", "4", "--vocab", "64", "--context", "16");
        assertEquals(1, again.code());
        assertEquals("error: " + dir + ": exists and is not empty; not replaced (--force replaces it)\n", again.err());
        Result forced = cli("bench", "make-checkpoint", dir.toString(), "--arch", "gpt2", "--layers", "1", "--hidden",
                "32", "--heads", "4", "--vocab", "64", "--context", "16", "--force");
        assertEquals(0, forced.code(), forced.err());
        assertTrue(forced.out().contains(": GPT2LMHeadModel: 1 layers, hidden 32, 4 heads, head_dim 8, MLP 128,"
                + " vocab 64, tied head ("), forced.out());
    }

    @Test
    void benchKtoWithModelAlsoTakesAFolderTheBuiltInGptSaved() throws IOException {
        GptConfig config = new GptConfig(40, 12, 1, 16, 2);
        Path dir = tmp.resolve("gpt");
        try (Gpt model = Gpt.create(config, 1)) {
            model.save(dir);
        }
        Result r = cli(concat(new String[] {"bench", "kto", "--model", dir.toString(), "--seq-len", "12", "--batch", "4",
                "--steps", "1", "--warmup", "0"}, QUICK_PEAK));
        assertEquals(0, r.code(), r.err());
        assertEquals(String.format(Locale.ROOT, "shape: built-in GPT from %s: 1 layers, hidden 16, 2 heads, head_dim 8,"
                + " MLP 64, vocab 40, tied head; seq-len 12, batch 4 (%,d parameters)", dir, config.parameterCount()),
                r.lines().get(0));
        assertRatesOf(r.lines(), 48);
    }

    @Test
    void modelFolderProblemsAreClearErrors() throws IOException {
        Path dir = TinyCheckpoints.write(tmp.resolve("gpt2"), TinyCheckpoints.gpt2(), "F32", false); // context 40
        Result layers = cli("bench", "kto", "--model", dir.toString(), "--layers", "2");
        assertEquals(2, layers.code());
        assertTrue(layers.err().contains("--layers shapes the built-in GPT; with --model the folder's config.json sets"
                + " the model (only --seq-len, --batch and --seed apply)"), layers.err());
        Result longRows = cli("bench", "kto", "--model", dir.toString(), "--seq-len", "64");
        assertEquals(2, longRows.code());
        assertTrue(longRows.err().contains("--seq-len 64 is longer than the context of " + dir + " (40 tokens)"),
                longRows.err());
        Result batch = cli("bench", "kto", "--model", dir.toString(), "--batch", "1");
        assertEquals(2, batch.code());
        assertTrue(batch.err().contains("invalid shape: batch must be at least 2"), batch.err());
        Path missing = tmp.resolve("nothing-here");
        Result none = cli("bench", "kto", "--model", missing.toString());
        assertEquals(1, none.code());
        assertEquals("error: " + missing + ": no such model folder\n", none.err());
        Result kv = cli("bench", "make-checkpoint", tmp.resolve("bad").toString(), "--heads", "8", "--kv-heads", "3");
        assertEquals(2, kv.code());
        assertTrue(kv.err().contains("invalid checkpoint: kv-heads (3) must divide heads (8)"), kv.err());
        assertFalse(Files.exists(tmp.resolve("bad")));
    }

    @Test
    void benchMemoryReportsResidentMemoryAtTheSampleAndTheEnd() {
        Result r = cli(concat(new String[] {"bench", "memory"}, concat(TINY, "--steps", "6", "--sample-at", "2")));
        assertEquals(0, r.code(), r.err());
        assertTrue(value(r.lines(), "RSS MiB at step 2") > 0);
        assertTrue(value(r.lines(), "RSS MiB at step 6") > 0);
        value(r.lines(), "RSS growth MiB");
        assertTrue(r.lines().stream().anyMatch(l -> l.matches("policy manager arrays at step 2: (\\d+), at step 6: \\1")),
                String.join("\n", r.lines()));
    }

    @Test
    void impossibleShapesAndCountsAreUsageErrors() {
        Result heads = cli("bench", "kto", "--d-model", "10", "--heads", "3");
        assertEquals(2, heads.code());
        assertTrue(heads.err().contains("invalid shape: dModel (10) must be divisible by heads (3)"), heads.err());
        Result steps = cli("bench", "kto", "--steps", "0");
        assertEquals(2, steps.code());
        assertTrue(steps.err().contains("--steps"), steps.err());
        Result sample = cli("bench", "memory", "--steps", "10", "--sample-at", "10");
        assertEquals(2, sample.code());
        assertTrue(sample.err().contains("--sample-at must be at least 1 and below --steps (10), got 10"), sample.err());
    }
}
