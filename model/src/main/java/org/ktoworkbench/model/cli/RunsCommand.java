package org.ktoworkbench.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.Locale;

@Command(name = "runs", mixinStandardHelpOptions = true, description = "List the runs in the workspace with status and final metrics.")
final class RunsCommand extends WorkspaceCommand {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    int run(Workspace ws, PrintWriter out) throws Exception {
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
        return 0;
    }

    static String text(JsonNode value, String format) {
        return value.isNumber() ? String.format(Locale.ROOT, format, value.asDouble()) : "";
    }
}
