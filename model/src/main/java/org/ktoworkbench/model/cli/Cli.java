package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.EngineSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

/**
 * The {@code kto-workbench} command line. Every subcommand takes {@code --workspace DIR} (through
 * {@link WorkspaceOption}) and {@code --help}; user errors print to stderr, never as a stack trace.
 */
@Command(name = "kto-workbench", mixinStandardHelpOptions = true, version = "KTO Workbench 0.1.0",
        description = "Align language models with KTO: datasets, training runs and evaluation.",
        subcommands = {ImportCommand.class, DatasetsCommand.class, InspectCommand.class, SearchCommand.class,
                SplitCommand.class, SubsampleCommand.class, ExportCommand.class, DeleteDatasetCommand.class,
                TrainCommand.class, RunsCommand.class, ShowCommand.class, ExportMetricsCommand.class,
                GenerateCommand.class, ResumeCommand.class, DeleteRunCommand.class, BenchCommand.class,
                InspectModelCommand.class, ScoreCommand.class, ExportModelCommand.class, SweepCommand.class,
                JudgeCommand.class, ExperimentsCommand.class})
public final class Cli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code: 0 success, 1 error, 2 bad usage. */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** Runs with the given output streams (tests, the app's embedded console). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine();
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    static CommandLine commandLine() {
        EngineSettings.applyDefaults();
        CommandLine cli = new CommandLine(new Cli())
                .setExecutionExceptionHandler(new UserErrorHandler())
                .setCaseInsensitiveEnumValuesAllowed(true);
        return cli.setParameterExceptionHandler(new UsageErrorHandler(cli.getParameterExceptionHandler()));
    }
}
