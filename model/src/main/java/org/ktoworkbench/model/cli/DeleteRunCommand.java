package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.RunDeletion;
import picocli.CommandLine.Command;

import java.io.PrintWriter;

@Command(name = "delete-run", mixinStandardHelpOptions = true,
        description = {"Delete a run: its metrics, samples, checkpoints and model.",
                "Refused while it trains, and while another run starts from it (delete that one first)."})
final class DeleteRunCommand extends RunCommand {
    @Override
    int run(Workspace ws, RunInfo run, PrintWriter out) {
        RunInfo deleted = RunDeletion.delete(ws, run.id());
        out.printf("deleted run %d (%s %s)%n", deleted.id(), deleted.kind(), TerminalText.escape(deleted.name()));
        return 0;
    }
}
