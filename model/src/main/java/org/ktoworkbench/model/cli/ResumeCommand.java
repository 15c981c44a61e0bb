package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.Trainer;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue an interrupted, cancelled or failed run from its last checkpoint.")
final class ResumeCommand extends RunCommand {
    @Override
    int run(Workspace ws, RunInfo run, PrintWriter out) {
        return CancelOnInterrupt.run(cancel ->
                RunSummaries.print(out, new Trainer(ws).resume(run.id(), ProgressLine.forConsole(out), cancel)));
    }
}
