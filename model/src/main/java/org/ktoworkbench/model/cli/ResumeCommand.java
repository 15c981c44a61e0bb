package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue an interrupted, cancelled or failed run from its last checkpoint.")
final class ResumeCommand implements Callable<Integer> {
    @Mixin
    WorkspaceOption workspace;
    @Spec
    CommandSpec spec;
    @Parameters(index = "0", paramLabel = "RUN", description = "Run id.")
    long runId;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = workspace.open()) {
            RunArgument.find(ws, runId);
            return CancelOnInterrupt.run(cancel ->
                    RunSummaries.print(out, new Trainer(ws).resume(runId, ProgressLine.forConsole(out), cancel)));
        }
    }
}
