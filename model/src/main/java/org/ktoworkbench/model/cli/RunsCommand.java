package org.ktoworkbench.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "List the runs in the workspace with status and final metrics.")
final class RunsCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    @Mixin
    WorkspaceOption workspace;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = workspace.open()) {
            TextTable table = new TextTable("id", "kind", "name", "dataset", "parent", "status", "steps", "loss", "winrate",
                    "desirable", "updated");
            for (RunInfo run : ws.runs().listRuns()) {
                JsonNode summary = run.summaryJson() == null ? MAPPER.createObjectNode() : MAPPER.readTree(run.summaryJson());
                table.row(run.id(), run.kind(), run.name(), run.datasetName(), run.parentRunId(),
                        run.status().name().toLowerCase(Locale.ROOT), text(summary.path("steps"), "%.0f"),
                        text(summary.path("metrics").path("loss"), "%.4f"), text(summary.path("eval").path("winrate"), "%.3f"),
                        text(summary.path("eval").path("desirable/policy"), "%.3f"),
                        DatasetsCommand.CREATED.format(run.updatedAt()));
            }
            table.print(out);
        }
        return 0;
    }

    static String text(JsonNode value, String format) {
        return value.isNumber() ? String.format(Locale.ROOT, format, value.asDouble()) : "";
    }
}
