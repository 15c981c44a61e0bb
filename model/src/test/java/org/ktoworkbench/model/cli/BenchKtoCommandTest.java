package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.cli.CliRunner.Result;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `bench kto` and `bench memory` through the command line, at tiny shapes. */
class BenchKtoCommandTest {
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
        int n = lines.size();
        assertTrue(lines.get(n - 2).matches("ms/step: \\d+\\.\\d"), lines.get(n - 2));
        assertTrue(lines.get(n - 1).matches("tokens/s: \\d+"), lines.get(n - 1));
        double msPerStep = value(lines, "ms/step");
        double tokensPerSecond = value(lines, "tokens/s");
        assertTrue(msPerStep > 0 && tokensPerSecond > 0, String.join("\n", lines));
        // 4 rows of 12 tokens a step; the printed ms/step is rounded to 0.1 ms and tokens/s to a whole number
        double fastest = 48 / ((msPerStep - 0.05) / 1000);
        double slowest = 48 / ((msPerStep + 0.05) / 1000);
        assertTrue(tokensPerSecond >= slowest - 1 && tokensPerSecond <= fastest + 1,
                tokensPerSecond + " tokens/s is not 48 tokens per " + msPerStep + " ms");
        assertTrue(value(lines, "matmul peak GFLOP/s") > 0);
        assertTrue(value(lines, "step GFLOP/s") > 0);
        assertTrue(value(lines, "fraction of peak") >= 0);
        assertTrue(lines.stream().noneMatch(l -> l.contains("eager")), "no figure from another machine: " + lines);
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
