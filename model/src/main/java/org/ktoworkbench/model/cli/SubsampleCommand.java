package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.data.Subsample;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

@Command(name = "subsample", mixinStandardHelpOptions = true,
        description = {"The paper's data ablations: a new dataset keeping only a fraction of the desirable (or"
                + " undesirable) rows, or one row per prompt, chosen by seed."})
final class SubsampleCommand extends WorkspaceCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Source dataset.")
    String source;

    static final class Side {
        @Option(names = "--keep-desirable", paramLabel = "F", description = "Fraction of desirable rows to keep.")
        Double desirable;
        @Option(names = "--keep-undesirable", paramLabel = "F", description = "Fraction of undesirable rows to keep.")
        Double undesirable;
        @Option(names = "--one-per-prompt", description = "Keep one row per prompt (the paper's one-y-per-x experiment).")
        boolean onePerPrompt;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Side side;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Seed of the choice.")
    long seed;

    @Option(names = "--name", required = true, paramLabel = "NEW", description = "Name of the new dataset.")
    String newName;

    @Override
    int run(Workspace ws, PrintWriter out) {
        Subsample.Rule rule = side.onePerPrompt ? Subsample.onePerPrompt(seed)
                : side.desirable != null ? Subsample.fraction(true, side.desirable, seed)
                : Subsample.fraction(false, side.undesirable, seed);
        DatasetInfo d = ws.datasets().subsample(source, newName, rule);
        out.printf("created '%s': %d rows (%d desirable, %d undesirable)%n",
                TerminalText.escape(d.name()), d.rows(), d.desirable(), d.undesirable());
        return 0;
    }
}
