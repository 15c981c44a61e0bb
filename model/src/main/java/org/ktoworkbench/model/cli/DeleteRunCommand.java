package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunTrainingException;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.RunDeletion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

@Command(name = "delete-run", mixinStandardHelpOptions = true,
        description = {"Delete a run: its metrics, samples, checkpoints and model.",
                "Refused while it trains (unless --force), and while another run starts from it (delete that one first)."})
final class DeleteRunCommand extends RunCommand {
    @Option(names = "--force", description = "Delete even though the run reads as training (you know its process is gone or hung).")
    boolean force;

    @Override
    int run(Workspace ws, RunInfo run, PrintWriter out) {
        RunInfo deleted;
        try {
            deleted = RunDeletion.delete(ws, run.id(), force);
        } catch (RunTrainingException e) {
            throw new IllegalArgumentException(ForceHint.of(e, "delete-run"), e);
        }
        out.printf("deleted run %d (%s %s)%n", deleted.id(), deleted.kind(), TerminalText.escape(deleted.name()));
        return 0;
    }
}
