package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.loading.ModelInspection;
import org.ktoworkbench.model.train.AvailableMemory;
import org.ktoworkbench.model.train.ModelCard;
import org.ktoworkbench.model.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "inspect-model", mixinStandardHelpOptions = true,
        description = {"Describe a model folder (built-in GPT or Hugging Face checkpoint) without loading its weights:",
                "architecture, parameters, dtypes on disk, vocabulary, context, tied embeddings, chat template,",
                "and the memory a KTO run on it needs against what this machine has available."})
final class InspectModelCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The model folder.")
    Path dir;
    @Option(names = "--batch", paramLabel = "N", description = "Micro-batch for the memory estimate (default: the run default).")
    Integer batch;
    @Option(names = "--max-length", paramLabel = "N",
            description = "Sequence length for the memory estimate (default: the context, at most " + RunConfig.PRETRAINED_MAX_LENGTH + ").")
    Integer maxLength;
    @Mixin // accepted like every command's; a model folder needs no workspace
    WorkspaceOption workspace;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int microBatch = batch != null ? batch : RunConfig.pretrainedDefaults(dir).batchSize();
        if (microBatch < 2) throw new IllegalArgumentException("--batch must be at least 2 (KTO pairs rows inside a micro-batch), got " + microBatch);
        if (maxLength != null && maxLength < 2) throw new IllegalArgumentException("--max-length must be at least 2, got " + maxLength);
        ModelCard card = ModelCard.of(ModelInspection.of(dir), microBatch, maxLength == null ? 0 : maxLength,
                AvailableMemory.bytes());
        PrintWriter out = spec.commandLine().getOut();
        row(out, "folder", TerminalText.escape(dir.toString()));
        for (ModelCard.Line line : card.lines()) {
            boolean advise = line.label().equals(ModelCard.AVAILABLE) && !card.fits();
            row(out, line.label(), line.value() + (advise ? " (use a smaller --batch or --max-length)" : ""));
        }
        return 0;
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("%-16s %s%n", label, value);
    }
}
