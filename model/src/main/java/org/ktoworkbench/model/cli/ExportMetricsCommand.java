package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.MetricsCsv;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

@Command(name = "export-metrics", mixinStandardHelpOptions = true,
        description = "Write a run's metrics as CSV: one row per step, one column per metric.")
final class ExportMetricsCommand extends RunCommand {
    @Parameters(index = "1", paramLabel = "FILE.csv", description = "Output file.")
    Path file;

    @Option(names = "--force", description = "Replace FILE if it exists (a symbolic link is never replaced).")
    boolean force;

    @Override
    int run(Workspace ws, RunInfo run, PrintWriter out) throws Exception {
        int rows = MetricsCsv.write(ws.runs().metrics(run.id()), file, force);
        out.println("wrote " + rows + " steps to " + TerminalText.escape(file));
        return 0;
    }
}
