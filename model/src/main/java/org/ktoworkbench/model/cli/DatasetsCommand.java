package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

@Command(name = "datasets", mixinStandardHelpOptions = true, description = "List the datasets in the workspace.")
final class DatasetsCommand extends WorkspaceCommand {
    static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Override
    int run(Workspace ws, PrintWriter out) {
        List<DatasetInfo> all = ws.datasets().list();
        if (all.isEmpty()) {
            out.println("no datasets in " + TerminalText.escape(ws.directory())
                    + " (add one with: kto-workbench import FILE)");
            return 0;
        }
        TextTable table = new TextTable("name", "rows", "desirable", "undesirable", "eval", "format", "created");
        for (DatasetInfo d : all) {
            table.row(d.name(), d.rows(), d.desirable(), d.undesirable(), d.evalRows(), d.format(),
                    CREATED.format(d.createdAt()));
        }
        table.print(out);
        return 0;
    }
}
