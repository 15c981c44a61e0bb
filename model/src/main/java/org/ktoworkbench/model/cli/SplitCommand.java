package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.SplitSummary;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

@Command(name = "split", mixinStandardHelpOptions = true,
        description = {"Split a dataset into train and eval by prompt (no eval prompt is ever trained on).",
                "The same seed gives the same split on any machine; a new split replaces the old one."})
final class SplitCommand implements Callable<Integer> {
    @Mixin
    WorkspaceOption workspace;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Dataset name.")
    String name;

    @Option(names = "--eval-fraction", required = true, paramLabel = "F", description = "Share of prompts for eval, in [0, 1].")
    double evalFraction;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Seed of the split.")
    long seed;

    @Override
    public Integer call() {
        try (Workspace ws = workspace.open()) {
            SplitSummary s = ws.datasets().split(name, evalFraction, seed);
            spec.commandLine().getOut().printf("split '%s': train %d rows (%d prompts), eval %d rows (%d prompts)%n",
                    name, s.trainRows(), s.trainPrompts(), s.evalRows(), s.evalPrompts());
        }
        return 0;
    }
}
