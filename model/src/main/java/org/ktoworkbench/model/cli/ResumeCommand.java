package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.EngineThreads;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunTrainingException;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;

@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue an interrupted, cancelled or failed run from its last checkpoint.")
final class ResumeCommand extends RunCommand {
    @Option(names = "--force", description = "Resume even though the run reads as training (you know its process is gone or hung).")
    boolean force;

    @Override
    int run(Workspace ws, RunInfo run, PrintWriter out) {
        try (EngineThreads threads = OtherTrainings.warnAndShareCores(ws, List.of(run.id()), out)) {
            return CancelOnInterrupt.run(cancel ->
                    RunSummaries.print(out, new Trainer(ws).resume(run.id(), force, ProgressLine.forConsole(out), cancel)));
        } catch (RunTrainingException e) {
            throw new IllegalArgumentException(ForceHint.of(e, "resume"), e);
        }
    }
}
