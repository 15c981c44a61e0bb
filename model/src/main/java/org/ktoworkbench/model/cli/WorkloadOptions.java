package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.bench.BenchShape;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

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
    @Option(names = "--seq-len", description = "Tokens per row, also the model's context (default: ${DEFAULT-VALUE}).")
    int seqLen;
    @Option(names = "--batch", description = "Rows per micro-batch (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--vocab", description = "Vocabulary size of the model (default: ${DEFAULT-VALUE}).")
    int vocab;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the data and weights (default: ${DEFAULT-VALUE}).")
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

    /** The shape asked for; an impossible one is a usage error naming the problem. */
    BenchShape shape() {
        try {
            return new BenchShape(layers, dModel, heads, seqLen, batch, vocab);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(mixee.commandLine(), "invalid shape: " + e.getMessage());
        }
    }
}
