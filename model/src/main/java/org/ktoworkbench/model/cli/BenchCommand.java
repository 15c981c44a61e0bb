package org.ktoworkbench.model.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Parent of the benchmarks; each measures one part and prints figures one per line as {@code what: value}. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure the speed of parts of the workbench.",
        subcommands = {BenchImportCommand.class, BenchKtoCommand.class, BenchMemoryCommand.class,
                BenchMakeCheckpointCommand.class})
final class BenchCommand implements Runnable {
    @CommandLine.Mixin
    WorkspaceOption workspace;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a benchmark is required (e.g. bench import)");
    }
}
