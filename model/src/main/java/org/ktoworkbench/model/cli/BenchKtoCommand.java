package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.bench.BenchModel;
import org.ktoworkbench.model.bench.BenchShape;
import org.ktoworkbench.model.bench.DecoderDims;
import org.ktoworkbench.model.bench.FlopCount;
import org.ktoworkbench.model.bench.KtoBenchmark;
import org.ktoworkbench.model.bench.MatmulPeak;
import org.ktoworkbench.model.bench.SystemLoad;
import org.ktoworkbench.model.bench.Timings;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.lora.LoraModel;
import org.ktoworkbench.model.nn.lora.LoraSpec;
import org.ktoworkbench.model.train.MixedPrecision;
import org.ktoworkbench.model.train.StepOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

@Command(name = "kto", mixinStandardHelpOptions = true,
        description = {"Time full KTO training steps (policy forward and backward, policy KL forward, two reference"
                + " forwards, AdamW) on synthetic rows, and compare with this machine's matrix-product peak measured"
                + " in the same run.",
                "The model is the built-in GPT of --layers, --d-model, --heads and --vocab, or with --model DIR the"
                + " folder's model (a Hugging Face checkpoint or a built-in GPT folder; no tokenizer needed).",
                "The last two lines are 'ms/step: X' (median of the timed steps) and 'tokens/s: Y'."})
final class BenchKtoCommand implements Callable<Integer> {
    @Mixin
    Workload workload;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Benchmark this model folder (e.g. one 'bench make-checkpoint' wrote) instead of the built-in GPT.")
    Path model;
    @Option(names = "--lora-rank", paramLabel = "R", description = "With --model: train a LoRA adapter of rank R (alpha"
            + " = R) instead of every weight; the reference is the base with the adapter off.")
    Integer loraRank;
    @Option(names = "--lora-targets", paramLabel = "NAMES", split = ",",
            description = "With --lora-rank: the modules to adapt, by PEFT's names (default: PEFT's for the architecture).")
    List<String> loraTargets;
    @Option(names = "--gradient-checkpointing", description = "Recompute each transformer block in backward instead of"
            + " keeping its activations (the training flag of the same name).")
    boolean gradientCheckpointing;
    @Option(names = "--mixed-precision", paramLabel = "none|fp16", defaultValue = "none",
            description = "fp16: float16 products over float32 master weights with loss scaling (the training flag of"
                    + " the same name; default: ${DEFAULT-VALUE}).")
    String mixedPrecision;
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
    public Integer call() throws IOException {
        if (steps < 1 || warmup < 0 || peakSize < 1 || peakReps < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--steps, --peak-size and --peak-reps must be at least 1 and --warmup at least 0");
        }
        MixedPrecision.problem(mixedPrecision).ifPresent(p -> {
            throw new CommandLine.ParameterException(spec.commandLine(), "--mixed-precision: " + p);
        });
        PrintWriter out = spec.commandLine().getOut();
        if (model == null) {
            BenchShape s = workload.shape();
            out.printf(Locale.ROOT, "shape: %s (%,d parameters)%n", s, s.gptConfig().parameterCount());
            return measure(out, DecoderDims.of(s.gptConfig()), s.batch(), s.seqLen(),
                    () -> KtoBenchmark.run(s, warmup, steps, workload.seed, options()));
        }
        if (loraRank != null && loraRank < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--lora-rank must be at least 1");
        }
        WorkloadOptions.Rows rows = workload.rowsForLoadedModel("--model");
        BenchModel loaded = BenchModel.load(model);
        long baseParameters = loaded.model().parameterCount();
        CausalLm trained = loraRank == null ? loaded.model() : LoraModel.attach(loaded.model(),
                new LoraSpec(loraRank, loraRank, 0, loraTargets), workload.seed, model);
        if (trained instanceof LoraModel lora) {
            out.printf(Locale.ROOT, "LoRA: rank %d, alpha %d, targets %s (%,d trainable parameters; the base's frozen)%n",
                    loraRank, loraRank, String.join(",", lora.spec().targets()), lora.parameterCount());
        }
        // KtoBenchmark closes the model when it is done; this closes it (again, harmlessly) on any earlier failure
        try (CausalLm policy = trained) {
            if (rows.seqLen() > policy.contextLength()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--seq-len " + rows.seqLen()
                        + " is longer than the context of " + model + " (" + policy.contextLength() + " tokens)");
            }
            out.printf(Locale.ROOT, "shape: %s from %s: %s; seq-len %d, batch %d (%,d parameters)%n",
                    loaded.architecture(), TerminalText.escape(model.toString()), loaded.dims(), rows.seqLen(),
                    rows.batch(), baseParameters);
            return measure(out, loaded.dims(), rows.batch(), rows.seqLen(), () -> KtoBenchmark.run(policy,
                    loaded.dims(), rows.seqLen(), rows.batch(), warmup, steps, workload.seed, options()));
        }
    }

    private StepOptions options() {
        return new StepOptions(gradientCheckpointing, MixedPrecision.parse(mixedPrecision));
    }

    /** Everything after the shape line: the machine, the peak, the FLOP count, the timed steps and the rates. */
    private int measure(PrintWriter out, DecoderDims dims, int batch, int seqLen, Supplier<KtoBenchmark.Result> run) {
        out.printf(Locale.ROOT, "load average before: %s%n", SystemLoad.loadAverage());
        out.printf(Locale.ROOT, "threads: %s%n", SystemLoad.engineThreads());
        out.printf(Locale.ROOT, "gradient checkpointing: %s%n", gradientCheckpointing ? "on" : "off");
        out.printf(Locale.ROOT, "mixed precision: %s%n", mixedPrecision);
        out.flush();
        MatmulPeak.Rate peak = MatmulPeak.measure(peakSize, peakReps);
        out.printf(Locale.ROOT, "matmul peak GFLOP/s: %.1f (%dx%d fp32, best of %d)%n", peak.peak(), peakSize, peakSize,
                peakReps);
        out.printf(Locale.ROOT, "step GFLOP: %.2f (matrix products of %d forward passes' worth)%n",
                FlopCount.ktoStep(dims, batch, seqLen) / 1e9, FlopCount.FORWARDS_PER_KTO_STEP);
        out.flush();
        KtoBenchmark.Result result = run.get();
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
