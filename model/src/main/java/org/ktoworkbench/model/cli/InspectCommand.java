package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.data.BalanceCheck;
import org.ktoworkbench.model.data.DatasetStatistics;
import org.ktoworkbench.model.data.LengthStats;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Show a dataset's counts, split, length distributions and the KTO balance check.")
final class InspectCommand extends DatasetCommand {
    @Option(names = "--lambda-d", paramLabel = "X", defaultValue = "1.0", description = "λ_D, weight of desirable rows (default: ${DEFAULT-VALUE}).")
    double lambdaD;

    @Option(names = "--lambda-u", paramLabel = "Y", defaultValue = "1.0", description = "λ_U, weight of undesirable rows (default: ${DEFAULT-VALUE}).")
    double lambdaU;

    @Override
    int run(Workspace ws, PrintWriter out) {
        DatasetInfo d = ws.datasets().get(name);
        DatasetStatistics s = ws.datasets().statistics(name);
        out.printf("dataset %s (%s) from %s, created %s%n", TerminalText.escape(d.name()), d.format(),
                TerminalText.escape(d.source()), DatasetsCommand.CREATED.format(d.createdAt()));
        out.printf("rows: %d  desirable: %d  undesirable: %d%n", s.rows(), s.desirable(), s.undesirable());
        out.printf("prompts: %d distinct, %d with both desirable and undesirable rows%n",
                s.distinctPrompts(), s.promptsWithBoth());
        out.printf("duplicates: %d rows repeat an earlier row; %d rows have the same prompt and completion"
                + " as a row with the other label%n", s.duplicateRows(), s.conflictingRows());
        if (d.evalFraction() == null) {
            out.println("split: none (all rows train; make one with: kto-workbench split "
                    + TerminalText.escape(d.name()) + " --eval-fraction 0.1 --seed 1)");
        } else {
            out.printf(Locale.ROOT, "split: train %d rows, eval %d rows (eval fraction %s, seed %d)%n",
                    d.trainRows(), d.evalRows(), d.evalFraction(), d.splitSeed());
        }
        out.println();
        out.println("lengths in characters:");
        TextTable summary = new TextTable("", "rows", "min", "median", "mean", "p90", "max");
        List<String> labels = List.of("prompt, desirable", "prompt, undesirable", "completion, desirable",
                "completion, undesirable");
        List<LengthStats> series = List.of(s.promptDesirable(), s.promptUndesirable(), s.completionDesirable(),
                s.completionUndesirable());
        for (int i = 0; i < series.size(); i++) {
            LengthStats l = series.get(i);
            summary.row(labels.get(i), l.count(), l.min(), l.median(), String.format(Locale.ROOT, "%.1f", l.mean()),
                    l.p90(), l.max());
        }
        summary.print(out);
        out.println();
        out.println("length histogram (rows per character-length bucket):");
        List<String> header = new ArrayList<>(List.of(""));
        header.addAll(LengthStats.BUCKET_LABELS);
        TextTable histogram = new TextTable(header.toArray(String[]::new));
        for (int i = 0; i < series.size(); i++) {
            List<Object> row = new ArrayList<>(List.of(labels.get(i)));
            row.addAll(series.get(i).histogram());
            histogram.row(row.toArray());
        }
        histogram.print(out);
        out.println();
        String rows = d.evalRows() > 0 ? " (train split)" : "";
        out.println("balance" + rows + ": "
                + BalanceCheck.of(d.trainDesirable(), d.trainUndesirable(), lambdaD, lambdaU).message());
        return 0;
    }
}
