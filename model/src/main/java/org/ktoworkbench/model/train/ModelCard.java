package org.ktoworkbench.model.train;

import org.ktoworkbench.model.loading.ModelInspection;
import org.ktoworkbench.model.loading.ModelKind;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code inspect-model} prints about a model folder, as label/value lines that the CLI and the GUI both show: the
 * folder's facts ({@link ModelInspection}) and the memory the KTO phase of a run on it needs
 * ({@link MemoryEstimate#ofKto}) against what this machine has available.
 *
 * @param batch  the micro-batch the memory is estimated for
 * @param tokens the sequence length the memory is estimated for
 */
public record ModelCard(List<Line> lines, int batch, int tokens, long memoryBytes, long availableBytes) {

    /** One fact: {@code architecture} / {@code Qwen2ForCausalLM (Hugging Face)}. */
    public record Line(String label, String value) {}

    /** The label of the last line: the memory available, and whether the estimate fits in it. */
    public static final String AVAILABLE = "available";

    public ModelCard {
        lines = List.copyOf(lines);
    }

    /**
     * @param batch     micro-batch of the estimate, at least 2
     * @param maxLength tokens per sequence of the estimate, capped at the context; 0 for the default, the context but
     *                  at most {@link RunConfig#PRETRAINED_MAX_LENGTH}
     */
    public static ModelCard of(ModelInspection m, int batch, int maxLength, long availableBytes) {
        int context = m.shape().contextLength();
        int tokens = maxLength > 0 ? Math.min(maxLength, context) : Math.min(context, RunConfig.PRETRAINED_MAX_LENGTH);
        MemoryEstimate memory = MemoryEstimate.ofKto(m.shape(), batch, tokens);
        long needed = memory.totalBytes();
        List<Line> lines = List.of(
                new Line("architecture", m.architecture() + (m.kind() == ModelKind.HUGGING_FACE ? " (Hugging Face)" : "")),
                new Line("parameters", String.format(Locale.ROOT, "%,d", m.shape().parameters())),
                new Line("dtype", m.dtypes().entrySet().stream().map(e -> e.getKey() + " (" + e.getValue()
                        + (e.getValue() == 1 ? " tensor)" : " tensors)")).collect(Collectors.joining(", "))),
                new Line("vocabulary", m.shape().vocabSize() + (m.tokenizerSize() == m.shape().vocabSize() ? ""
                        : " (tokenizer: " + m.tokenizerSize() + " tokens)")),
                new Line("context", context + " tokens"),
                new Line("tied embeddings", m.tiedEmbeddings() ? "yes" : "no"),
                new Line("chat template", m.chatTemplate() ? "yes" : "no"),
                new Line("KTO memory", "about " + MemoryEstimate.format(needed) + " for batch " + batch + " x " + tokens
                        + " tokens (" + parts(memory) + ")"),
                new Line(AVAILABLE, MemoryEstimate.format(availableBytes)
                        + (needed <= availableBytes ? ": fits" : ": does not fit")));
        return new ModelCard(lines, batch, tokens, needed, availableBytes);
    }

    /** Whether the estimated memory is within what is available. */
    public boolean fits() {
        return memoryBytes <= availableBytes;
    }

    private static String parts(MemoryEstimate memory) {
        return memory.parts().stream().map(p -> p.name().replaceFirst(" \\(.*", "") + " " + MemoryEstimate.format(p.bytes()))
                .collect(Collectors.joining(", "));
    }
}
