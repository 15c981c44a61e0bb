package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.SampleRecord;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a run: config, status, last value of each metric and the latest judged samples.")
final class ShowCommand implements Callable<Integer> {
    @Mixin
    WorkspaceOption workspace;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "RUN", description = "Run id.")
    long runId;
    @Option(names = "--samples", defaultValue = "5", description = "Judged samples to print (default: ${DEFAULT-VALUE}).")
    int samples;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = workspace.open()) {
            RunInfo run = RunArgument.find(ws, runId);
            out.printf("run %d (%s) %s on %s, status %s%s%n", run.id(), run.kind(), run.name(), run.datasetName(),
                    run.status().name().toLowerCase(Locale.ROOT),
                    run.statusMessage() == null ? "" : " — " + run.statusMessage());
            if (run.parentRunId() != null) out.println("started from run " + run.parentRunId());
            if (run.notes() != null && !run.notes().isBlank()) out.println("notes: " + run.notes());
            out.println("config: " + run.configJson().replaceAll("\\s+", " "));
            Map<String, MetricPoint> last = new TreeMap<>();
            for (MetricPoint p : ws.runs().metrics(runId)) last.put(p.name(), p);
            TextTable table = new TextTable("metric", "step", "last value");
            last.values().forEach(p -> table.row(p.name(), p.step(), String.format(Locale.ROOT, "%.6g", p.value())));
            table.print(out);
            List<Long> steps = ws.runs().sampleSteps(runId);
            if (!steps.isEmpty() && samples > 0) {
                long step = steps.get(steps.size() - 1);
                out.println("samples at step " + step + ":");
                TextTable sampleTable = new TextTable("prompt", "reference", "policy", "verdict");
                ws.runs().samples(runId, step).stream().limit(samples).forEach(s -> sampleTable.row(
                        oneLine(s.prompt()), oneLine(s.referenceText()), oneLine(s.policyText()), s.verdict()));
                sampleTable.print(out);
            }
        }
        return 0;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replace("\n", "\\n");
    }
}
