package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.DatasetDeletion;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;

@Command(name = "delete-dataset", mixinStandardHelpOptions = true,
        description = {"Delete a dataset and its rows.",
                "Refused while a run trains on it. Runs trained on it keep their records; unfinished ones can no longer resume."})
final class DeleteDatasetCommand extends DatasetCommand {
    @Override
    int run(Workspace ws, PrintWriter out) {
        List<RunInfo> runs = DatasetDeletion.delete(ws, name);
        out.printf("deleted dataset '%s'%n", TerminalText.escape(name));
        if (!runs.isEmpty()) {
            out.println("runs that trained on it keep their records: "
                    + runs.stream().map(r -> "#" + r.id()).collect(Collectors.joining(", ")));
        }
        return 0;
    }
}
