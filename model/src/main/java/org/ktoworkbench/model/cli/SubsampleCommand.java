package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

@Command(name = "subsample", mixinStandardHelpOptions = true,
        description = {"The paper's imbalance experiment: a new dataset keeping only a fraction of the"
                + " desirable (or undesirable) rows, chosen by seed."})
final class SubsampleCommand extends WorkspaceCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Source dataset.")
    String source;

    static final class Side {
        @Option(names = "--keep-desirable", paramLabel = "F", description = "Fraction of desirable rows to keep.")
        Double desirable;
        @Option(names = "--keep-undesirable", paramLabel = "F", description = "Fraction of undesirable rows to keep.")
        Double undesirable;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Side side;

    @Option(names = "--seed", required = true, paramLabel = "S", description = "Seed of the choice.")
    long seed;

    @Option(names = "--name", required = true, paramLabel = "NEW", description = "Name of the new dataset.")
    String newName;

    @Override
    int run(Workspace ws, PrintWriter out) {
        boolean desirable = side.desirable != null;
        double fraction = desirable ? side.desirable : side.undesirable;
        DatasetInfo d = ws.datasets().subsample(source, newName, desirable, fraction, seed);
        out.printf("created '%s': %d rows (%d desirable, %d undesirable)%n",
                TerminalText.escape(d.name()), d.rows(), d.desirable(), d.undesirable());
        return 0;
    }
}
