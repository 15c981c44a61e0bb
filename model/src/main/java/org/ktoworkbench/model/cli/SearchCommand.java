package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.SearchHit;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;

@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Full-text search over a dataset's prompts and completions (all words must match).")
final class SearchCommand extends DatasetCommand {
    @Parameters(index = "1", arity = "1..*", paramLabel = "QUERY", description = "Words to find.")
    List<String> words;

    @Option(names = "--limit", defaultValue = "20", description = "At most this many matches (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    int run(Workspace ws, PrintWriter out) {
        List<SearchHit> hits = ws.datasets().search(name, String.join(" ", words), limit);
        if (hits.isEmpty()) {
            out.println("no matches");
            return 0;
        }
        TextTable table = new TextTable("row", "label", "split", "prompt", "completion");
        for (SearchHit h : hits) {
            table.row(h.ordinal() + 1, h.desirable() ? "desirable" : "undesirable", h.eval() ? "eval" : "train",
                    TextTable.clip(h.promptSnippet(), 50), TextTable.clip(h.completionSnippet(), 60));
        }
        table.print(out);
        if (hits.size() == limit) {
            out.println("(first " + limit + " matches; --limit shows more)");
        }
        return 0;
    }
}
