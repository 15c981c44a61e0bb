package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.EngineSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/**
 * The {@code kto-workbench} command line. Every subcommand takes {@code --workspace DIR} (through
 * {@link WorkspaceOption}) and {@code --help}; user errors print to stderr, never as a stack trace.
 */
@Command(name = "kto-workbench", mixinStandardHelpOptions = true, version = "KTO Workbench 0.1.0",
        description = "Align language models with KTO: datasets, training runs and evaluation.")
public final class Cli implements Runnable {
    /** In the order the top-level help lists them. */
    private static final List<Class<?>> COMMANDS = List.of(ImportCommand.class, DatasetsCommand.class,
            InspectCommand.class, SearchCommand.class, SplitCommand.class, SubsampleCommand.class, ExportCommand.class,
            DeleteDatasetCommand.class, TrainCommand.class, RunsCommand.class, ShowCommand.class,
            ExportMetricsCommand.class, GenerateCommand.class, ResumeCommand.class, DeleteRunCommand.class,
            BenchCommand.class, InspectModelCommand.class, ScoreCommand.class, ExportModelCommand.class,
            SweepCommand.class, JudgeCommand.class, ExperimentsCommand.class);

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
        return commandLine(args).execute(args);
    }

    /** Runs with the given output streams (tests, the app's embedded console). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = commandLine(args);
        cli.setOut(out);
        cli.setErr(err);
        try {
            return cli.execute(args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    /** Every command, as the top-level help and an unknown command's suggestions need them. */
    static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The command line for {@code args}: with only the command {@code args[0]} names when it names one, since
     * building every command's options by reflection took a third of a second of each start; with all of them else.
     */
    static CommandLine commandLine(String[] args) {
        EngineSettings.applyDefaults();
        CommandLine cli = new CommandLine(new Cli());
        List<Class<?>> named = args.length == 0 ? List.of()
                : COMMANDS.stream().filter(c -> c.getAnnotation(Command.class).name().equals(args[0])).toList();
        for (Class<?> command : named.isEmpty() ? COMMANDS : named) cli.addSubcommand(command);
        // set after the subcommands are added: picocli applies these to the subcommands present at the call
        cli.setExecutionExceptionHandler(new UserErrorHandler()).setCaseInsensitiveEnumValuesAllowed(true);
        return cli.setParameterExceptionHandler(new UsageErrorHandler(cli.getParameterExceptionHandler()));
    }
}
