package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.bench.MemorySoak;
import org.ktoworkbench.model.bench.ResidentMemory;
import org.ktoworkbench.model.bench.SystemLoad;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "memory", mixinStandardHelpOptions = true,
        description = {"Run many full KTO training steps on synthetic rows and report resident memory (VmRSS) after"
                + " an early step and after the last one: growth between them means a native leak.",
                "Defaults to the embedded task's model: 4 layers, d_model 128, 4 heads, context 48, batch 16.",
                "Run java with -Xms512m -Xmx512m -XX:+AlwaysPreTouch so that heap pages touched late do not count."})
final class BenchMemoryCommand implements Callable<Integer> {
    @Mixin
    Workload workload;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--steps", defaultValue = "2000", description = "Steps to run (default: ${DEFAULT-VALUE}).")
    long steps;
    @Option(names = "--sample-at", defaultValue = "100",
            description = "Step after which to take the first memory sample (default: ${DEFAULT-VALUE}).")
    long sampleAt;

    static final class Workload extends WorkloadOptions {
        Workload() {
            super(MemorySoak.embeddedTaskShape());
        }
    }

    @Override
    public Integer call() {
        if (sampleAt < 1 || sampleAt >= steps) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--sample-at must be at least 1 and below --steps (" + steps + "), got " + sampleAt);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "shape: %s; %d steps%n", workload.shape(), steps);
        out.printf(Locale.ROOT, "load average before: %s%n", SystemLoad.loadAverage());
        if (!ResidentMemory.heapPreTouched()) {
            out.println("note: the Java heap is not pre-touched, so RSS also grows as the JVM first uses heap pages;"
                    + " for native memory alone run java with -Xms512m -Xmx512m -XX:+AlwaysPreTouch");
        }
        out.printf(Locale.ROOT, "RSS MiB at start: %.1f%n", ResidentMemory.kib() / 1024.0);
        out.flush();
        MemorySoak.Result r = MemorySoak.run(workload.shape(), steps, sampleAt, workload.seed);
        out.printf(Locale.ROOT, "ms/step: %.1f (mean over all steps)%n", r.msPerStep());
        out.printf(Locale.ROOT, "policy manager arrays at step %d: %d, at step %d: %d%n", r.sampleStep(),
                r.sample().policyArrays(), r.steps(), r.end().policyArrays());
        printSample(out, r.sampleStep(), r.sample());
        printSample(out, r.steps(), r.end());
        out.printf(Locale.ROOT, "RSS growth MiB: %+.1f over %d steps%n", r.rssGrowthMib(), r.steps() - r.sampleStep());
        return 0;
    }

    private static void printSample(PrintWriter out, long step, MemorySoak.Sample sample) {
        out.printf(Locale.ROOT, "RSS MiB at step %d: %.1f%n", step, sample.rssKib() / 1024.0);
    }
}
