package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.bench.BenchShape;
import org.ktoworkbench.model.bench.FlopCount;
import org.ktoworkbench.model.bench.KtoBenchmark;
import org.ktoworkbench.model.bench.MatmulPeak;
import org.ktoworkbench.model.bench.SystemLoad;
import org.ktoworkbench.model.bench.Timings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "kto", mixinStandardHelpOptions = true,
        description = {"Time full KTO training steps (policy forward and backward, policy KL forward, two reference"
                + " forwards, AdamW) of the built-in GPT on synthetic rows, and compare with this machine's"
                + " matrix-product peak.",
                "The last two lines are 'ms/step: X' (median of the timed steps) and 'tokens/s: Y'."})
final class BenchKtoCommand implements Callable<Integer> {
    @Mixin
    Workload workload;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--steps", defaultValue = "20", description = "Timed steps (default: ${DEFAULT-VALUE}).")
    int steps;
    @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--peak-size", defaultValue = "2048",
            description = "Side of the square fp32 matrices timed for the peak (default: ${DEFAULT-VALUE}).")
    int peakSize;
    @Option(names = "--peak-reps", defaultValue = "5", description = "Timed peak products (default: ${DEFAULT-VALUE}).")
    int peakReps;

    static final class Workload extends WorkloadOptions {
        Workload() {
            super(BenchShape.reference());
        }
    }

    @Override
    public Integer call() {
        if (steps < 1 || warmup < 0 || peakSize < 1 || peakReps < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--steps, --peak-size and --peak-reps must be at least 1 and --warmup at least 0");
        }
        BenchShape s = workload.shape();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "shape: %s (%,d parameters)%n", s, s.gptConfig().parameterCount());
        out.printf(Locale.ROOT, "load average before: %s%n", SystemLoad.loadAverage());
        out.printf(Locale.ROOT, "threads: %s%n", SystemLoad.engineThreads());
        out.flush();
        MatmulPeak.Rate peak = MatmulPeak.measure(peakSize, peakReps);
        out.printf(Locale.ROOT, "matmul peak GFLOP/s: %.1f (%dx%d fp32, best of %d)%n", peak.peak(), peakSize, peakSize,
                peakReps);
        out.printf(Locale.ROOT, "step GFLOP: %.2f (matrix products of %d forward passes' worth)%n",
                FlopCount.ktoStep(s) / 1e9, FlopCount.FORWARDS_PER_KTO_STEP);
        out.flush();
        KtoBenchmark.Result result = KtoBenchmark.run(s, warmup, steps, workload.seed);
        Timings t = result.timings();
        out.printf(Locale.ROOT, "timed steps: %d after %d warmup; ms/step median %.1f, mean %.1f, best %.1f%n",
                t.count(), warmup, t.median(), t.mean(), t.best());
        out.printf(Locale.ROOT, "load average after: %s%n", SystemLoad.loadAverage());
        out.printf(Locale.ROOT, "step GFLOP/s: %.1f%n", result.gflopsPerSecond());
        out.printf(Locale.ROOT, "fraction of peak: %.2f%n", result.gflopsPerSecond() / peak.peak());
        out.printf(Locale.ROOT, "ms/step: %.1f%n", result.msPerStep());
        out.printf(Locale.ROOT, "tokens/s: %.0f%n", result.tokensPerSecond());
        return 0;
    }
}
