package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.EngineThreads;
import org.ktoworkbench.model.experiments.Experiment;
import org.ktoworkbench.model.experiments.ExperimentRunner;
import org.ktoworkbench.model.experiments.Presets;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.SweepStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.sweep.SweepListener;
import org.ktoworkbench.model.sweep.SweepResults;
import org.ktoworkbench.model.train.RunEvent;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code experiments list|run NAME}: the paper's experiments in miniature on the embedded task, each saved as a sweep. */
@Command(name = "experiments", mixinStandardHelpOptions = true,
        description = "The KTO paper's experiments in miniature on the embedded task.",
        subcommands = {ExperimentsCommand.ListPresets.class, ExperimentsCommand.Run.class})
final class ExperimentsCommand implements Runnable {
    @CommandLine.Mixin
    WorkspaceOption workspace;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (experiments list, experiments run NAME)");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The experiments and what the paper found.")
    static final class ListPresets extends WorkspaceCommand {
        @Override
        int run(Workspace ws, PrintWriter out) {
            TextTable table = new TextTable("name", "what", "paper");
            for (Experiment e : Presets.all()) table.row(e.name(), e.description(), e.paperSays());
            table.print(out);
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Train the experiment's SFT base and its arms (a sweep; sweep run ID resumes it) and print the results.")
    static final class Run extends WorkspaceCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Experiment name (see experiments list).")
        String name;
        @Option(names = "--quick", description = "A tiny model that trains in seconds (for tests: its numbers mean nothing).")
        boolean quick;
        @Option(names = "--seeds", paramLabel = "K", defaultValue = "3", description = "Replicates per arm (default: ${DEFAULT-VALUE}).")
        int seeds;

        @Override
        int run(Workspace ws, PrintWriter out) {
            Experiment experiment = Presets.find(name).orElseThrow(() -> new IllegalArgumentException("unknown experiment '"
                    + TerminalText.escape(name) + "'; known: " + String.join(", ", Presets.all().stream().map(Experiment::name).toList())));
            ProgressLine progress = ProgressLine.forConsole(out);
            SweepListener listener = new SweepListener() {
                @Override
                public void onPointStart(SweepPointInfo point, int total) {
                    out.println("arm " + (point.index() + 1) + "/" + total + ": " + TerminalText.escape(point.paramsJson()));
                }

                @Override
                public void onPointEnd(SweepPointInfo point) {}

                @Override
                public void onEvent(RunEvent event) {
                    progress.onEvent(event);
                }
            };
            ExperimentRunner runner = new ExperimentRunner(ws);
            try (EngineThreads threads = OtherTrainings.warnAndShareCores(ws, List.of(), out)) {
                long sweepId = CancelOnInterrupt.run(cancel -> runner.create(experiment, quick, seeds, listener, cancel));
                out.println("sweep " + sweepId + " holds the experiment's runs");
                SweepStatus status = CancelOnInterrupt.run(cancel -> runner.run(sweepId, listener, cancel));
                out.println("experiment " + experiment.name() + ": " + status.name().toLowerCase(Locale.ROOT)
                        + "; the paper: " + experiment.paperSays());
                new SweepCommand.Show.Table(SweepResults.of(ws, sweepId)).print(out);
            }
            return 0;
        }
    }
}
