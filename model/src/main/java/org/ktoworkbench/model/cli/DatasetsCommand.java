package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "datasets", mixinStandardHelpOptions = true, description = "List the datasets in the workspace.")
final class DatasetsCommand implements Callable<Integer> {
    static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    @Mixin
    WorkspaceOption workspace;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = workspace.open()) {
            List<DatasetInfo> all = ws.datasets().list();
            if (all.isEmpty()) {
                out.println("no datasets in " + ws.directory() + " (add one with: kto-workbench import FILE)");
                return 0;
            }
            TextTable table = new TextTable("name", "rows", "desirable", "undesirable", "eval", "format", "created");
            for (DatasetInfo d : all) {
                table.row(d.name(), d.rows(), d.desirable(), d.undesirable(), d.evalRows(), d.format(),
                        CREATED.format(d.createdAt()));
            }
            table.print(out);
        }
        return 0;
    }
}
