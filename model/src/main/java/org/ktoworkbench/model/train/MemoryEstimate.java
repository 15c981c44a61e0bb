package org.ktoworkbench.model.train;

import org.ktoworkbench.model.nn.GptConfig;
import org.ktoworkbench.model.nn.ModelShape;
import org.ktoworkbench.model.text.ByteTokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How much memory a run's training phases need at their peak, part by part, so that a run that cannot fit is refused
 * before anything is created (rather than dying in an allocation with an interrupted run left behind). DJL allocates
 * in native memory, not on the Java heap: compare with {@link AvailableMemory#bytes()}.
 *
 * <p>Per phase: float32 weights, their gradients, AdamW's two moments, the frozen reference copy (KTO; none with
 * {@code precomputeReference}, which frees it before the first step, when it and the policy's weights and moments are
 * all there is), and the activations of one micro-batch. The policy's pass with gradient keeps its activations for
 * backward; the passes without gradient (reference, KL pairs) free each block's arrays as they go and come first, so
 * the peak holds one pass ({@link org.ktoworkbench.model.kto.LossType#forwardPasses}: DPO's pass reads chosen and
 * rejected rows, two). With {@code gradientCheckpointing} that pass keeps each block's input ({@code dModel} floats
 * per token and layer) and one block's activations instead of all of them. A pass over sequences of {@code T} tokens
 * holds, per token, about
 * {@code layers·(12·dModel + 2·inner + 3·heads·T) + 2·vocab + 4·dModel + T} floats, inner = 4·dModel for the built-in
 * GPT (three inner-width arrays instead of two for a gated MLP: {@link ModelShape}) (see {@code Gpt}, {@code Block},
 * {@code CausalSelfAttention}, {@code Mlp}, {@code SequenceLogProbs}); a micro-batch is padded to its longest row, so
 * {@code T} is the longest sequence the dataset can give, at most the context. The engine's own memory (libraries, the
 * JVM, about 1 GiB more) is not counted, nor the short-lived buffers of a backward pass: the estimate is a floor, so
 * a run it refuses cannot fit. Measured for KTO, 4 layers, d 512, 8 heads, batch 16: peak resident memory went from
 * 1.42 GiB on 15-token rows to 2.94 GiB on 128-token rows, 1.52 GiB more (that was with four passes held; the passes
 * without gradient have been freed block by block since).
 *
 * <p>With {@code fp16} mixed precision the products keep float16 copies of the weights for backward (2 bytes a
 * weight more) and every array they make is half as wide; activations are counted at half their float32 size, a floor
 * (the float32 arrays around the products stay float32).
 *
 * <p>A run that starts from a fresh model also makes each parameter tensor on the Java heap first ({@code SeededInit}
 * fills a {@code double[]} and a {@code float[]}): the largest one must fit in a Java array and in the free heap.
 */
public final class MemoryEstimate {
    private static final long FLOAT = Float.BYTES;
    private static final String REFERENCE_COPY = "reference copy";
    private static final String RECOMPUTED = ", blocks recomputed in backward";

    /** One named part of the peak, in bytes. */
    public record Part(String name, long bytes) {}

    private final String phase;
    private final long parameters;
    private final List<Part> parts;
    private final boolean activationsDominate;
    private final long initialisedTensor; // values in the largest tensor made on the Java heap; 0 when loaded
    private final boolean pretrained; // the advice names what a model folder's run can change

    private MemoryEstimate(String phase, long parameters, List<Part> parts, boolean activationsDominate,
                           long initialisedTensor, boolean pretrained) {
        this.pretrained = pretrained;
        this.phase = phase;
        this.parameters = parameters;
        this.parts = List.copyOf(parts);
        this.activationsDominate = activationsDominate;
        this.initialisedTensor = initialisedTensor;
    }

    /**
     * The peak over the phases a run of {@code config} trains ({@code startsFromBase}: no SFT phase) on sequences of
     * at most {@code longestSequence} tokens, capped at the context (empty: the dataset is not known yet, assume rows
     * as long as the context). The config must be free of {@link RunConfig#problems()} and, for a run from a base,
     * carry the base's model.
     */
    public static MemoryEstimate of(RunConfig config, boolean startsFromBase, OptionalLong longestSequence) {
        GptConfig gpt = config.model().gptConfig(ByteTokenizer.VOCAB_SIZE);
        // wte [vocab, d], wpe [context, d], c_attn [3d, d], mlp c_fc [4d, d] and c_proj [d, 4d]
        long largestTensor = startsFromBase ? 0 : saturatingBytes(Math.max(Math.max(gpt.vocabSize(),
                gpt.contextLength()), 4L * gpt.dModel()), gpt.dModel());
        return of(config, ModelShape.of(gpt), startsFromBase, longestSequence, largestTensor);
    }

    /**
     * As {@link #of(RunConfig, boolean, OptionalLong)} for the model in a folder ({@code model.folder}), of
     * {@code model}'s shape (see {@code ModelInspection}); loading makes no tensor on the Java heap worth checking.
     */
    public static MemoryEstimate ofFolder(RunConfig config, ModelShape model, boolean startsFromBase,
                                          OptionalLong longestSequence) {
        return of(config, model, startsFromBase, longestSequence, 0, FULL);
    }

    /**
     * As {@link #ofFolder} for a LoRA run that trains {@code adapterParameters} scalars: gradients and AdamW moments for
     * the adapter only, the adapter's own weights beside the frozen base, and no reference copy (the reference is the
     * base with the adapter off).
     */
    public static MemoryEstimate ofLora(RunConfig config, ModelShape model, boolean startsFromBase,
                                        OptionalLong longestSequence, long adapterParameters) {
        return of(config, model, startsFromBase, longestSequence, 0, adapterParameters);
    }

    private static final long FULL = -1; // every parameter trains, against a reference copy

    private static MemoryEstimate of(RunConfig config, ModelShape model, boolean startsFromBase,
                                     OptionalLong longestSequence, long largestTensor) {
        return of(config, model, startsFromBase, longestSequence, largestTensor, FULL);
    }

    private static MemoryEstimate of(RunConfig config, ModelShape model, boolean startsFromBase,
                                     OptionalLong longestSequence, long largestTensor, long adapterParameters) {
        long parameters = model.parameters();
        int longestInput = config.effectiveMaxLength(model.contextLength()) - 1; // the last token is only a target
        boolean capped = longestInput < model.contextLength();
        boolean rowsFit = longestSequence.isPresent() && longestSequence.getAsLong() < longestInput;
        int tokens = rowsFit ? (int) Math.max(1, longestSequence.getAsLong()) : longestInput;
        String limit = capped ? "the max length" : "the context";
        String sequences = tokens + " tokens, " + (rowsFit ? "the dataset's longest rows"
                : longestSequence.isPresent() ? limit : limit + ": the dataset is not in the workspace yet");
        boolean float16 = MixedPrecision.problem(config.mixedPrecision()).isEmpty()
                && config.precision() == MixedPrecision.FP16;
        MemoryEstimate sft = !startsFromBase && config.sftSteps() > 0
                ? phase("sft", model, parameters, adapterParameters, false, config.sftBatchSize(), tokens, sequences, 1,
                config.gradientCheckpointing(), float16) : null;
        // the SFT+ baseline reads no reference log-probs: nothing to precompute, its copy stays for the samples
        boolean referenceKept = !config.precomputeReference() || config.lossType().desirableOnly();
        MemoryEstimate kto = config.steps() > 0
                ? phase("kto", model, parameters, adapterParameters, referenceKept, config.batchSize(), tokens,
                sequences, config.lossType().forwardPasses(), config.gradientCheckpointing(), float16)
                : null;
        MemoryEstimate peak = sft == null ? kto : kto == null || sft.totalBytes() >= kto.totalBytes() ? sft : kto;
        boolean pretrained = config.model().pretrained();
        return peak == null ? new MemoryEstimate("none", parameters, List.of(), false, largestTensor, pretrained)
                : new MemoryEstimate(peak.phase, parameters, peak.parts, peak.activationsDominate, largestTensor, pretrained);
    }

    /**
     * The KTO phase of a model already on disk ({@code inspect-model}): micro-batches of {@code batch} sequences of
     * {@code tokens} tokens, a reference copy, no checkpointing.
     */
    public static MemoryEstimate ofKto(ModelShape model, int batch, int tokens) {
        return phase("kto", model, model.parameters(), FULL, true, batch, tokens, tokens + " tokens", 1, false, false);
    }

    private static MemoryEstimate phase(String name, ModelShape model, long parameters, long adapterParameters,
                                        boolean reference, int batch, int tokens, String sequences, int passes,
                                        boolean checkpointing, boolean float16) {
        long weights = saturatingBytes(parameters, FLOAT);
        boolean lora = adapterParameters != FULL;
        long trained = saturatingBytes(lora ? adapterParameters : parameters, FLOAT);
        List<Part> parts = new ArrayList<>();
        parts.add(new Part(lora ? "frozen weights" : "weights", weights));
        if (lora) parts.add(new Part("LoRA adapter", trained));
        parts.add(new Part("gradients", trained));
        parts.add(new Part("AdamW moments", saturatingBytes(lora ? adapterParameters : parameters, 2 * FLOAT)));
        if (reference && !lora) parts.add(new Part(REFERENCE_COPY, weights));
        if (float16) parts.add(new Part("float16 weight copies", saturatingBytes(parameters, FLOAT / 2)));
        double perToken = checkpointing ? model.checkpointedActivationFloatsPerToken(tokens)
                : model.activationFloatsPerToken(tokens);
        long activations = (long) Math.min(Long.MAX_VALUE,
                perToken * (float16 ? FLOAT / 2 : FLOAT) * passes * batch * (double) tokens);
        parts.add(new Part("activations (" + passes + (passes == 1 ? " pass" : " passes") + " of batch " + batch
                + " × " + sequences + (checkpointing ? RECOMPUTED : "") + (float16 ? ", float16 products" : "") + ")",
                activations));
        long others = parts.stream().limit(parts.size() - 1).mapToLong(Part::bytes).reduce(0, MemoryEstimate::add);
        return new MemoryEstimate(name, parameters, parts, activations > others, 0, false);
    }

    private static long saturatingBytes(long count, long bytesEach) {
        return count > Long.MAX_VALUE / bytesEach ? Long.MAX_VALUE : count * bytesEach;
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** The phase this peak belongs to: {@code sft}, {@code kto}, or {@code none} when the run trains nothing. */
    public String phase() {
        return phase;
    }

    public long parameters() {
        return parameters;
    }

    public List<Part> parts() {
        return parts;
    }

    public long totalBytes() {
        return parts.stream().mapToLong(Part::bytes).reduce(0, MemoryEstimate::add);
    }

    /**
     * Why the run cannot fit in {@code availableBytes} of native memory, with every part and what to change, or why its
     * largest tensor cannot be made in {@code freeHeapBytes} of Java heap; empty when it fits.
     */
    public Optional<String> refusal(long availableBytes, long freeHeapBytes) {
        if (totalBytes() <= availableBytes) return heapRefusal(freeHeapBytes);
        StringBuilder message = new StringBuilder(String.format(Locale.ROOT,
                "the run needs about %s of memory (%s phase, %,d parameters) but %s is available: ",
                format(totalBytes()), phase, parameters, format(availableBytes)));
        for (int i = 0; i < parts.size(); i++) {
            Part part = parts.get(i);
            message.append(i == 0 ? "" : ", ").append(part.name()).append(' ').append(format(part.bytes()));
        }
        if (pretrained) {
            message.append(activationsDominate
                    ? ". Use a smaller batch (--batch, with more --grad-accum to keep the effective batch) or a"
                    + " shorter --max-length" + unless(checkpointing(), ", or --gradient-checkpointing")
                    : ". Full fine-tuning of this model needs its weights, gradients, AdamW moments and a reference"
                    + " copy in memory whatever the batch" + unless(!referenceCopy(), " (--precompute-reference frees the"
                    + " reference copy)") + ": use a smaller model or a machine with more memory (a smaller"
                    + " batch or --max-length saves only the activations)");
        } else {
            message.append(activationsDominate
                    ? ". Use a smaller batch (with more gradient accumulation to keep the effective batch) or a shorter"
                    + " context, or fewer layers or a smaller dModel" + unless(checkpointing(), ", or gradient checkpointing")
                    : ". Use fewer layers or a smaller dModel (weights, gradients and optimizer state grow with"
                    + " layers·dModel²), or a smaller batch or shorter context");
        }
        return Optional.of(message.toString());
    }

    private static String unless(boolean done, String advice) {
        return done ? "" : advice;
    }

    /** Whether the peak's phase checkpoints its blocks (its activations part says so). */
    private boolean checkpointing() {
        return parts.stream().anyMatch(p -> p.name().endsWith(RECOMPUTED + ")"));
    }

    private boolean referenceCopy() {
        return parts.stream().anyMatch(p -> p.name().equals(REFERENCE_COPY));
    }

    private Optional<String> heapRefusal(long freeHeapBytes) {
        if (initialisedTensor > Integer.MAX_VALUE) {
            return Optional.of(String.format(Locale.ROOT, "the model's largest tensor would hold %,d values, more than"
                    + " a Java array can (%,d): use a smaller dModel", initialisedTensor, Integer.MAX_VALUE));
        }
        long heap = saturatingBytes(initialisedTensor, Double.BYTES + Float.BYTES);
        if (heap <= freeHeapBytes) return Optional.empty();
        return Optional.of(String.format(Locale.ROOT, "making the model's largest tensor (%,d values) takes %s of Java"
                + " heap but %s is free: give the JVM more heap (-Xmx) or use a smaller dModel", initialisedTensor,
                format(heap), format(freeHeapBytes)));
    }

    /** Bytes in binary units: {@code 512 B}, {@code 3.2 MiB}, {@code 1.5 GiB}, {@code 12.0 TiB}. */
    public static String format(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
