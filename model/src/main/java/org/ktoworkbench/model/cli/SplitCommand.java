package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.SplitSummary;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.DatasetChanges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

@Command(name = "split", mixinStandardHelpOptions = true,
        description = {"Split a dataset into train and eval by prompt (no eval prompt is ever trained on).",
                "The same seed gives the same split on any machine; a new split replaces the old one.",
                "With --like OTHER: the prompts OTHER holds out are held out here too (a paired and an unpaired form",
                "of the same data then share one eval prompt set); prompts OTHER lacks are split by its fraction and seed.",
                "Refused while a run trains on the dataset or waits to."})
final class SplitCommand extends DatasetCommand {
    @Option(names = "--eval-fraction", paramLabel = "F", description = "Share of prompts for eval, in [0, 1].")
    Double evalFraction;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the split.")
    Long seed;

    @Option(names = "--like", paramLabel = "DATASET", description = "Hold out the prompts DATASET holds out.")
    String like;

    @Override
    int run(Workspace ws, PrintWriter out) {
        if (like != null && (evalFraction != null || seed != null)) {
            throw new ParameterException(spec.commandLine(), "--like takes the split from DATASET: give it without"
                    + " --eval-fraction and --seed");
        }
        if (like == null && (evalFraction == null || seed == null)) {
            throw new ParameterException(spec.commandLine(), "give --eval-fraction F and --seed S, or --like DATASET");
        }
        SplitSummary s = like != null ? DatasetChanges.splitLike(ws, name, like)
                : DatasetChanges.split(ws, name, evalFraction, seed);
        out.printf("split '%s': train %d rows (%d prompts), eval %d rows (%d prompts)%n",
                TerminalText.escape(name), s.trainRows(), s.trainPrompts(), s.evalRows(), s.evalPrompts());
        return 0;
    }
}
