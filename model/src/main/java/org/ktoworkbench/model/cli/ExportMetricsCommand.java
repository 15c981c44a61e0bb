package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.MetricsCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export-metrics", mixinStandardHelpOptions = true,
        description = "Write a run's metrics as CSV: one row per step, one column per metric.")
final class ExportMetricsCommand implements Callable<Integer> {
    @Mixin
    WorkspaceOption workspace;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "RUN", description = "Run id.")
    long runId;
    @Parameters(index = "1", paramLabel = "FILE.csv", description = "Output file.")
    Path file;

    @Override
    public Integer call() throws Exception {
        try (Workspace ws = workspace.open()) {
            RunArgument.find(ws, runId);
            int rows = MetricsCsv.write(ws.runs().metrics(runId), file);
            spec.commandLine().getOut().println("wrote " + rows + " steps to " + file);
        }
        return 0;
    }
}
