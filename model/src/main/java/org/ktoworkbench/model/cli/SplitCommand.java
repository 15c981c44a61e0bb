package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.SplitSummary;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.DatasetChanges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

@Command(name = "split", mixinStandardHelpOptions = true,
        description = {"Split a dataset into train and eval by prompt (no eval prompt is ever trained on).",
                "The same seed gives the same split on any machine; a new split replaces the old one.",
                "Refused while a run trains on the dataset or waits to."})
final class SplitCommand extends DatasetCommand {
    @Option(names = "--eval-fraction", required = true, paramLabel = "F", description = "Share of prompts for eval, in [0, 1].")
    double evalFraction;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Seed of the split.")
    long seed;

    @Override
    int run(Workspace ws, PrintWriter out) {
        SplitSummary s = DatasetChanges.split(ws, name, evalFraction, seed);
        out.printf("split '%s': train %d rows (%d prompts), eval %d rows (%d prompts)%n",
                TerminalText.escape(name), s.trainRows(), s.trainPrompts(), s.evalRows(), s.evalPrompts());
        return 0;
    }
}
