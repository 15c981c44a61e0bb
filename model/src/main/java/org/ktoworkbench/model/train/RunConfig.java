package org.ktoworkbench.model.train;

import org.ktoworkbench.model.eval.Judges;
import org.ktoworkbench.model.kto.KtoParams;
import com.fasterxml.jackson.annotation.JsonInclude;
import org.ktoworkbench.model.kto.LossType;
import org.ktoworkbench.model.nn.lora.LoraSpec;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a run needs, as the CLI and the GUI read and write it (JSON through {@link RunConfigJson}).
 * A run trains SFT for {@code sftSteps} first when it starts from scratch, then KTO for {@code steps}. With
 * {@code lora} set it trains a LoRA adapter of a Hugging Face model (its weights frozen; the reference is the base with
 * the adapter switched off); null trains every weight.
 *
 * <p>{@code gradientCheckpointing}: recompute each transformer block in backward instead of keeping its activations
 * (same gradients, less memory, more time). {@code device}: {@code cpu}, {@code gpu} or {@code gpu:N}
 * ({@link ComputeDevice}; cpu by default, never chosen for the user, so a run's numbers do not depend on the machine).
 * {@code mixedPrecision}: {@code none} (float32) or {@code fp16} (float16 products over float32 master weights with
 * dynamic loss scaling, {@link MixedPrecision}).
 */
public record RunConfig(
        String dataset,
        String name,
        ModelSpec model,
        int sftSteps,
        double sftLearningRate,
        int sftBatchSize,
        boolean sftDesirableOnly,
        LossType lossType,
        double beta,
        double lambdaD,
        double lambdaU,
        double learningRate,
        int batchSize,
        int gradientAccumulation,
        int steps,
        double warmupFraction,
        String schedule,
        double maxGradNorm,
        double weightDecay,
        int evalEvery,
        int evalPrompts,
        String judge,
        double sampleTemperature,
        int maxNewTokens,
        int checkpointEvery,
        boolean precomputeReference,
        long seed,
        int maxLength,
        boolean gradientCheckpointing,
        String device,
        String mixedPrecision,
        @JsonInclude(JsonInclude.Include.NON_NULL) LoraSpec lora) {

    /** {@link #mixedPrecision} parsed; call after {@link #problems()} found none. */
    public MixedPrecision precision() {
        return MixedPrecision.parse(mixedPrecision);
    }

    public static final String DEFAULT_DATASET = "arithmetic-kto";

    /**
     * The embedded default task (README gives its measured time and winrate). λ_D is 1.5 because the sample data has
     * 42% desirable rows: λ_D·n_D/(λ_U·n_U) then lies in the paper's [1, 4/3]. The learning rates are far above the
     * 5e-6 used for pretrained checkpoints: the built-in model is tiny and trained from scratch.
     */
    public static RunConfig defaults() {
        return new RunConfig(DEFAULT_DATASET, null, ModelSpec.small(),
                1500, 1e-3, 32, false,
                LossType.KTO, 0.1, 1.5, 1.0,
                5e-4, 16, 1, 600, 0.1, "cosine", 1.0, 0.0,
                100, 100, "arithmetic", 1.0, 16,
                100, false, 42L, 0,
                false, ComputeDevice.CPU, MixedPrecision.NONE.jsonName(), null);
    }

    /** TRL's KTOConfig {@code max_length}: the longest prompt + completion of a pretrained model's rows, by default. */
    public static final int PRETRAINED_MAX_LENGTH = 1024;

    /**
     * The defaults for aligning the pretrained model in {@code folder}: no SFT (the model already writes), the paper's
     * learning rate of 5e-6 with 10% warmup, TRL's per-device batch of 8, and no sampled winrate (the arithmetic judge
     * rates only the embedded task; the eval split's loss and rewards are still logged).
     */
    public static RunConfig pretrainedDefaults(java.nio.file.Path folder) {
        RunConfig d = defaults();
        return new RunConfig(d.dataset, d.name, d.model.withFolder(folder),
                0, d.sftLearningRate, d.sftBatchSize, d.sftDesirableOnly,
                d.lossType, d.beta, d.lambdaD, d.lambdaU,
                5e-6, 8, d.gradientAccumulation, d.steps, 0.1, d.schedule, d.maxGradNorm, d.weightDecay,
                d.evalEvery, 0, d.judge, d.sampleTemperature, d.maxNewTokens,
                d.checkpointEvery, d.precomputeReference, d.seed, 0,
                d.gradientCheckpointing, d.device, d.mixedPrecision, d.lora);
    }

    /**
     * Longest prompt + completion in tokens the run trains on: {@code maxLength} when set, else the built-in model's
     * context, or {@link #PRETRAINED_MAX_LENGTH} for a pretrained model; never more than the model reads
     * ({@code modelContext} + 1: the last token is only a target).
     */
    public int effectiveMaxLength(int modelContext) {
        return effectiveMaxLength(maxLength, model.pretrained(), modelContext);
    }

    /** {@link #effectiveMaxLength(int)} of a config with this {@code maxLength}, of a model folder or not. */
    public static int effectiveMaxLength(int maxLength, boolean pretrained, int modelContext) {
        int wanted = maxLength > 0 ? maxLength : pretrained ? PRETRAINED_MAX_LENGTH : modelContext + 1;
        return Math.min(wanted, modelContext + 1);
    }

    /** This config training {@code model} instead. */
    public RunConfig withModel(ModelSpec model) {
        return new RunConfig(dataset, name, model, sftSteps, sftLearningRate, sftBatchSize, sftDesirableOnly,
                lossType, beta, lambdaD, lambdaU, learningRate, batchSize, gradientAccumulation, steps, warmupFraction,
                schedule, maxGradNorm, weightDecay, evalEvery, evalPrompts, judge, sampleTemperature, maxNewTokens,
                checkpointEvery, precomputeReference, seed, maxLength,
                gradientCheckpointing, device, mixedPrecision, lora);
    }

    /** This config training a LoRA adapter of {@code spec} (null: full fine-tuning). */
    public RunConfig withLora(LoraSpec spec) {
        return new RunConfig(dataset, name, model, sftSteps, sftLearningRate, sftBatchSize, sftDesirableOnly,
                lossType, beta, lambdaD, lambdaU, learningRate, batchSize, gradientAccumulation, steps, warmupFraction,
                schedule, maxGradNorm, weightDecay, evalEvery, evalPrompts, judge, sampleTemperature, maxNewTokens,
                checkpointEvery, precomputeReference, seed, maxLength,
                gradientCheckpointing, device, mixedPrecision, spec);
    }

    public KtoParams ktoParams() {
        return new KtoParams(beta, lambdaD, lambdaU, lossType);
    }

    /**
     * This config, when it has no {@link #problems()}.
     *
     * @throws RunConfigException {@code invalid run config: [field: problem, ...]}
     */
    public RunConfig requireValid() {
        List<ConfigProblem> problems = problems();
        if (!problems.isEmpty()) throw new RunConfigException("invalid run config: " + problems);
        return this;
    }

    /** Problems with the values, each naming its field; empty when the config can run. */
    public List<ConfigProblem> problems() {
        List<ConfigProblem> out = new ArrayList<>();
        if (dataset == null || dataset.isBlank()) out.add(new ConfigProblem("dataset", "must name a dataset"));
        if (model == null) {
            out.add(new ConfigProblem("model", "is required"));
        } else {
            positive(out, "model.layers", model.layers());
            positive(out, "model.dModel", model.dModel());
            positive(out, "model.heads", model.heads());
            if (model.heads() > 0 && model.dModel() % model.heads() != 0) {
                out.add(new ConfigProblem("model.dModel", "must be a multiple of model.heads (" + model.heads() + ")"));
            }
            if (model.contextLength() < 8) out.add(new ConfigProblem("model.contextLength", "must be at least 8"));
            if (model.folder() != null && model.folder().isBlank()) {
                out.add(new ConfigProblem("model.folder", "must name a model folder (leave it out for the built-in GPT)"));
            }
        }
        if (maxLength != 0 && maxLength < 8) {
            out.add(new ConfigProblem("maxLength", "must be 0 (the default) or at least 8 tokens, got " + maxLength));
        }
        if (sftSteps < 0) out.add(new ConfigProblem("sftSteps", "must be 0 or more"));
        if (sftSteps > 0) {
            positiveReal(out, "sftLearningRate", sftLearningRate);
            if (sftBatchSize < 2) out.add(new ConfigProblem("sftBatchSize", "must be at least 2"));
        }
        if (lossType == null) out.add(new ConfigProblem("lossType", "must be KTO, APO_ZERO_UNPAIRED, DPO or SFT"));
        positiveReal(out, "beta", beta);
        positiveReal(out, "lambdaD", lambdaD);
        positiveReal(out, "lambdaU", lambdaU);
        positiveReal(out, "learningRate", learningRate);
        if (batchSize < 2) {
            out.add(new ConfigProblem("batchSize", lossType == LossType.DPO ? "must be at least 2 pairs"
                    : "must be at least 2: each row's KL reference pairs it with the next row's completion"));
        }
        positive(out, "gradientAccumulation", gradientAccumulation);
        if (steps < 0) out.add(new ConfigProblem("steps", "must be 0 or more"));
        if (!(warmupFraction >= 0 && warmupFraction < 1)) out.add(new ConfigProblem("warmupFraction", "must be in [0, 1)"));
        if (!List.of("cosine", "linear", "constant").contains(schedule)) {
            out.add(new ConfigProblem("schedule", "must be cosine, linear or constant"));
        }
        if (!(maxGradNorm > 0)) out.add(new ConfigProblem("maxGradNorm", "must be positive"));
        if (!(weightDecay >= 0)) out.add(new ConfigProblem("weightDecay", "must be 0 or more"));
        if (evalEvery < 0) out.add(new ConfigProblem("evalEvery", "must be 0 (no evaluation) or more"));
        if (evalPrompts < 0) out.add(new ConfigProblem("evalPrompts", "must be 0 or more"));
        if (!(sampleTemperature >= 0)) out.add(new ConfigProblem("sampleTemperature", "must be 0 (greedy) or more"));
        positive(out, "maxNewTokens", maxNewTokens);
        if (checkpointEvery < 0) out.add(new ConfigProblem("checkpointEvery", "must be 0 (never) or more"));
        if (!Judges.isKnown(judge)) out.add(new ConfigProblem("judge", Judges.unknown(judge)));
        if (lora != null) {
            for (String[] p : lora.problems("lora.")) out.add(new ConfigProblem(p[0], p[1]));
            if (gradientCheckpointing && lora.dropout() > 0) {
                // the checkpointed forward runs without gradient (no dropout) and its recompute would draw new masks
                out.add(new ConfigProblem("gradientCheckpointing", "cannot be used with LoRA dropout > 0"
                        + " (the recomputed blocks would draw other dropout masks): set lora.dropout to 0"));
            }
        }
        ComputeDevice.problem(device).ifPresent(p -> out.add(new ConfigProblem("device", p)));
        MixedPrecision.problem(mixedPrecision).ifPresent(p -> out.add(new ConfigProblem("mixedPrecision", p)));
        return out;
    }

    private static void positive(List<ConfigProblem> out, String field, int value) {
        if (value <= 0) out.add(new ConfigProblem(field, "must be positive, got " + value));
    }

    private static void positiveReal(List<ConfigProblem> out, String field, double value) {
        if (!(value > 0) || Double.isInfinite(value)) out.add(new ConfigProblem(field, "must be a positive number, got " + value));
    }
}
