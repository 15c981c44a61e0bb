package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.bench.BenchShape;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

/**
 * What a benchmark trains on: the model and batch shape and the seed of its synthetic rows and weights. Each benchmark
 * mixes in a subclass that sets its defaults.
 */
abstract class WorkloadOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec mixee;

    @Option(names = "--layers", description = "Transformer blocks (default: ${DEFAULT-VALUE}).")
    int layers;
    @Option(names = "--d-model", description = "Model width (default: ${DEFAULT-VALUE}).")
    int dModel;
    @Option(names = "--heads", description = "Attention heads; must divide --d-model (default: ${DEFAULT-VALUE}).")
    int heads;
    @Option(names = "--seq-len", description = "Tokens per row, also the built-in GPT's context (default: ${DEFAULT-VALUE}).")
    int seqLen;
    @Option(names = "--batch", description = "Rows per micro-batch (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--vocab", description = "Vocabulary size of the model (default: ${DEFAULT-VALUE}).")
    int vocab;
    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the synthetic rows and of the built-in GPT's weights (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--workspace", paramLabel = "DIR",
            description = "Accepted like on every other command; a benchmark on synthetic rows uses no workspace.")
    Path unusedWorkspace;

    WorkloadOptions(BenchShape defaults) {
        layers = defaults.layers();
        dModel = defaults.dModel();
        heads = defaults.heads();
        seqLen = defaults.seqLen();
        batch = defaults.batch();
        vocab = defaults.vocab();
    }

    /** Options that shape the built-in GPT, not the rows: meaningless where a model folder sets the model. */
    private static final List<String> MODEL_OPTIONS = List.of("--layers", "--d-model", "--heads", "--vocab");

    /**
     * The rows asked for, for a model loaded from {@code modelOption}'s folder: --seq-len and --batch, checked; an
     * option that shapes the built-in GPT is a usage error, since the folder's config.json sets the model.
     */
    Rows rowsForLoadedModel(String modelOption) {
        CommandLine cli = mixee.commandLine();
        for (String option : MODEL_OPTIONS) {
            if (cli.getParseResult().hasMatchedOption(option)) {
                throw new CommandLine.ParameterException(cli, option + " shapes the built-in GPT; with " + modelOption
                        + " the folder's config.json sets the model (only --seq-len, --batch and --seed apply)");
            }
        }
        try {
            BenchShape.requireRows(seqLen, batch);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "invalid shape: " + e.getMessage());
        }
        return new Rows(seqLen, batch);
    }

    /** Micro-batches of {@code batch} synthetic rows of {@code seqLen} tokens. */
    record Rows(int seqLen, int batch) {}

    /** The shape asked for; an impossible one is a usage error naming the problem. */
    BenchShape shape() {
        try {
            return new BenchShape(layers, dModel, heads, seqLen, batch, vocab);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "invalid shape: " + e.getMessage());
        }
    }
}
