package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.loading.ModelInspection;
import org.ktoworkbench.model.loading.ModelKind;
import org.ktoworkbench.model.train.AvailableMemory;
import org.ktoworkbench.model.train.MemoryEstimate;
import org.ktoworkbench.model.train.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "inspect-model", mixinStandardHelpOptions = true,
        description = {"Describe a model folder (built-in GPT or Hugging Face checkpoint) without loading its weights:",
                "architecture, parameters, dtypes on disk, vocabulary, context, tied embeddings, chat template,",
                "and the memory a KTO run on it needs against what this machine has available."})
final class InspectModelCommand implements Callable<Integer> {
    /** TRL's KTOConfig default max_length. */

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
        ModelInspection m = ModelInspection.of(dir);
        int context = m.shape().contextLength();
        int tokens = maxLength != null ? Math.min(maxLength, context) : Math.min(context, RunConfig.PRETRAINED_MAX_LENGTH);
        MemoryEstimate memory = MemoryEstimate.ofKto(m.shape(), microBatch, tokens, true);
        long available = AvailableMemory.bytes();
        PrintWriter out = spec.commandLine().getOut();
        row(out, "folder", TerminalText.escape(dir.toString()));
        row(out, "architecture", m.architecture() + (m.kind() == ModelKind.HUGGING_FACE ? " (Hugging Face)" : ""));
        row(out, "parameters", String.format(Locale.ROOT, "%,d", m.shape().parameters()));
        row(out, "dtype", m.dtypes().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue()
                + (e.getValue() == 1 ? " tensor)" : " tensors)")).collect(Collectors.joining(", ")));
        row(out, "vocabulary", m.shape().vocabSize() + (m.tokenizerSize() == m.shape().vocabSize() ? ""
                : " (tokenizer: " + m.tokenizerSize() + " tokens)"));
        row(out, "context", context + " tokens");
        row(out, "tied embeddings", m.tiedEmbeddings() ? "yes" : "no");
        row(out, "chat template", m.chatTemplate() ? "yes" : "no");
        row(out, "KTO memory", "about " + MemoryEstimate.format(memory.totalBytes()) + " for batch " + microBatch
                + " x " + tokens + " tokens (" + parts(memory) + ")");
        row(out, "available", MemoryEstimate.format(available)
                + (memory.totalBytes() <= available ? ": fits" : ": does not fit (use a smaller --batch or --max-length)"));
        return 0;
    }

    private static String parts(MemoryEstimate memory) {
        return memory.parts().stream().map(p -> p.name().replaceFirst(" \\(.*", "") + " " + MemoryEstimate.format(p.bytes()))
                .collect(Collectors.joining(", "));
    }

    private static void row(PrintWriter out, String label, String value) {
        out.printf("%-16s %s%n", label, value);
    }
}
