package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.data.PreferencePairs;
import org.ktoworkbench.model.eval.Judge;
import org.ktoworkbench.model.eval.Judges;
import org.ktoworkbench.model.eval.SampleEvaluation;
import org.ktoworkbench.model.eval.SamplePrompts;
import org.ktoworkbench.model.kto.BatchPosition;
import org.ktoworkbench.model.kto.KtoBatcher;
import org.ktoworkbench.model.kto.MicroBatch;
import org.ktoworkbench.model.nn.Autocast;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.GenerationConfig;
import org.ktoworkbench.model.nn.NamedParameter;
import org.ktoworkbench.model.nn.lora.LoraModel;
import org.ktoworkbench.model.store.CheckpointInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Split;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One phase of one run (SFT or KTO), with the models, data and optimizer it holds while it trains. */
final class PhaseRun implements AutoCloseable {
    private final long runId;
    private final RunEvent.Phase phase;
    private final RunConfig config;
    private final NDManager root; // on the run's device: every step's arrays are made under it
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final RunModel source;
    private final List<String> notices = new ArrayList<>();
    private final CausalLm policy;
    private CausalLm reference; // null in SFT, and once freed after precomputing its log-probs
    private final AdamW optimizer;
    private final LossScaler scaler; // fp16 only
    private final TrainingState start;
    private final EncodedRows trainRows;
    private final EncodedRows evalRows;
    private final PreferencePairs trainPairs; // null unless the phase trains DPO
    private final PreferencePairs evalPairs;
    private final SamplePrompts evalPrompts;
    private final RunPaths paths;
    private final Path workspaceDir;
    private final String referenceIdentity; // what the reference model is, for the workspace's reference log-prob cache
    private final Checkpoints checkpoints;
    private Map<String, Double> lastEval = Map.of();

    PhaseRun(Workspace workspace, long runId, RunEvent.Phase phase, RunConfig config, Path baseModel) {
        this.runId = runId;
        this.phase = phase;
        this.config = config;
        // first: the first manager loads the engine's native library, which setGradMode needs
        root = NDManager.newBaseManager(ComputeDevice.require(config.device()));
        JniUtils.setGradMode(false); // grad mode is per thread: on only inside a GradientCollector
        paths = new RunPaths(workspace.directory(), runId);
        workspaceDir = workspace.directory();
        checkpoints = new Checkpoints(paths.checkpoints(), workspace.runs(), runId);
        List<Example> train = workspace.datasets().examples(config.dataset(), Split.TRAIN);
        List<Example> eval = workspace.datasets().examples(config.dataset(), Split.EVAL);
        try {
            source = own(RunModel.of(config));
            workspace.runs().tidyCheckpoints(runId);
            Optional<CheckpointInfo> checkpoint = workspace.runs().latestCheckpoint(runId);
            RunDataCheck.atPhaseStart(workspace, runId,
                    SplitFingerprint.of(train, eval, workspace.datasets().get(config.dataset())), checkpoint.isEmpty());
            RunModelCheck.atPhaseStart(workspace, runId, config);
            // what an interrupted attempt recorded after its checkpoint is recorded again from there
            workspace.runs().discardAfter(runId, checkpoint.map(CheckpointInfo::step).orElse(-1L));
            CausalLm initial = baseModel != null ? source.load(baseModel) : source.initial();
            // LoRA: the policy is the initial model with an adapter (the checkpoint's when resuming), the reference
            // that model with the adapter off; neither copies the weights
            Path loraBase = baseModel != null ? baseModel : config.model().folderPath();
            if (checkpoint.isPresent()) {
                Path dir = checkpoint.get().path();
                if (config.lora() != null) {
                    policy = own(LoraModel.load(initial, dir));
                    reference = phase == RunEvent.Phase.KTO ? own(policy.frozenCopy()) : null;
                } else {
                    policy = own(source.load(dir));
                    reference = phase == RunEvent.Phase.KTO ? own(initial.frozenCopy()) : null;
                    initial.close();
                }
                optimizer = own(AdamW.load(policy.parameters(), dir));
                scaler = config.precision() == MixedPrecision.FP16 ? LossScaler.load(dir) : null;
                start = Checkpoints.readState(dir);
            } else {
                policy = own(config.lora() != null ? LoraModel.attach(initial, config.lora(), config.seed(), loraBase)
                        : initial);
                reference = phase == RunEvent.Phase.KTO ? own(policy.frozenCopy()) : null;
                optimizer = own(new AdamW(policy.parameters(), AdamWConfig.defaults()
                        .withWeightDecay(config.weightDecay()).withMaxGradNorm(config.maxGradNorm())));
                scaler = config.precision().newScaler();
                start = new TrainingState(0, BatchPosition.start());
            }
            // hashing a base model's files is only worth it when the cache is read: precomputed or eval reference log-probs
            boolean cachesReference = phase == RunEvent.Phase.KTO && !config.lossType().desirableOnly()
                    && (config.precomputeReference() || config.evalEvery() > 0);
            referenceIdentity = cachesReference ? referenceIdentity(workspace, runId, baseModel)
                    + (config.precision() == MixedPrecision.FP16 ? ", fp16 products" : "") : null;
            int maxLength = config.effectiveMaxLength(policy.contextLength());
            trainRows = source.encode(train, maxLength, "train", notices);
            evalRows = source.encode(eval, maxLength, "eval", notices);
            boolean paired = phase == RunEvent.Phase.KTO && config.lossType().paired();
            trainPairs = paired ? pairs(train, trainRows, "train") : null;
            evalPairs = paired ? pairs(eval, evalRows, "eval") : null;
            evalPrompts = source.samplePrompts(eval, config.evalPrompts());
            if (scaler != null && !root.getDevice().isGpu()) {
                notices.add("fp16 on the CPU: float16 products run slower than float32 there (mixed precision is"
                        + " for GPUs; on a CPU it shows the arithmetic)");
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("could not load the model for run " + runId + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Trains the phase to its end; every pass of its models (training, reference, evaluation) in the run's precision. */
    RunSummary execute(RunListener listener, CancellationToken cancel) {
        try (Autocast.Scope precision = config.precision().open()) {
            return train(listener, cancel);
        }
    }

    private RunSummary train(RunListener listener, CancellationToken cancel) {
        for (String notice : notices) listener.onEvent(new RunEvent.Notice(runId, phase, notice));
        boolean sft = phase == RunEvent.Phase.SFT;
        int[] rows = desirableOnly() ? trainRows.desirableRows()
                : java.util.stream.IntStream.range(0, trainPairs != null ? trainPairs.size() : trainRows.size()).toArray();
        if (rows.length < 2) {
            throw new IllegalArgumentException("dataset '" + config.dataset() + "' has fewer than 2 training "
                    + (trainPairs != null ? "preference pairs" : "rows"));
        }
        int batchSize = sft ? config.sftBatchSize() : config.batchSize();
        KtoBatcher batcher = new KtoBatcher(rows, Math.min(batchSize, rows.length), config.seed());
        long total = sft ? config.sftSteps() : config.steps();
        double peak = sft ? config.sftLearningRate() : config.learningRate();
        ReferenceLogProbs trainReference = referenceLogProbs(trainRows, config.precomputeReference());
        Objective objective = objective(trainRows, trainPairs, trainReference);
        TrainingLoop loop = new TrainingLoop(phase, runId, policy, objective, batcher, optimizer, scaler,
                schedule(peak, total), config.gradientAccumulation(), total, listener, cancel)
                .checkpointEvery(checkpoints, config.checkpointEvery());
        Evaluator evaluator = evaluator(listener); // draws the reference's samples
        if (trainReference != null && config.precomputeReference()) {
            precomputeAndFreeReference(trainReference, batcher, total, evaluator, listener, cancel);
        }
        if (evaluator != null) {
            loop.evaluateEvery(evaluator::at, config.evalEvery());
            if (start.stepsDone() == 0) listener.onEvent(evaluator.at(0));
        }
        TrainingLoop.LoopOutcome outcome = loop.run(start, root);
        RunStatus status = switch (outcome.end()) {
            case COMPLETED -> RunStatus.COMPLETED;
            case CANCELLED -> RunStatus.CANCELLED;
            case NON_FINITE -> RunStatus.FAILED;
        };
        if (status == RunStatus.COMPLETED) saveFinal(paths.finalModel());
        return new RunSummary(runId, phase, status, outcome.stepsDone(), outcome.message(), outcome.lastMetrics(), lastEval);
    }

    private void saveFinal(Path dir) {
        try {
            Checkpoints.deleteTree(dir);
            source.saveFinal(policy, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("could not save the final model to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Eval-split objective and judged samples; null when the run asks for no evaluation. */
    private Evaluator evaluator(RunListener listener) {
        if (config.evalEvery() <= 0) return null;
        boolean sft = phase == RunEvent.Phase.SFT;
        int evalCount = desirableOnly() ? evalRows.desirableRows().length : evalPairs != null ? evalPairs.size() : evalRows.size();
        List<MicroBatch> evalBatches = evalCount < 2 ? List.of() : (desirableOnly()
                ? new KtoBatcher(evalRows.desirableRows(), Math.min(config.batchSize(), evalCount), config.seed())
                : new KtoBatcher(evalCount, Math.min(config.batchSize(), evalCount), config.seed())).epoch(0);
        ReferenceLogProbs evalReference = referenceLogProbs(evalRows, true);
        Objective evalObjective = objective(evalRows, evalPairs, evalReference);
        Judge judge = own(Judges.byName(config.judge())); // a reward model judge holds its weights until the phase ends
        SampleEvaluation sampling = null;
        if (!evalPrompts.isEmpty() && (!sft || SampleEvaluation.canLabel(judge))) {
            GenerationConfig generation = new GenerationConfig(config.maxNewTokens(), config.sampleTemperature(), 0, 1.0,
                    config.seed());
            sampling = new SampleEvaluation(sft ? null : reference, evalPrompts, judge, generation);
        }
        return new Evaluator(evalObjective, evalReference, evalBatches, sampling, listener);
    }

    /**
     * With {@code precomputeReference}: every reference log-prob the rest of the phase will read, computed now (the
     * rows' own pairs of both splits, cached in the workspace, and the KL pairs of every micro-batch the seeded batcher
     * will give from the phase's start to its last step, and of the eval batches), then the reference model is closed,
     * so training holds no reference copy. The reference's samples for the winrate were drawn before (they are drawn
     * once). A cancellation while precomputing keeps the model; the loop then stops at once.
     */
    private void precomputeAndFreeReference(ReferenceLogProbs train, KtoBatcher batcher, long total, Evaluator evaluator,
                                            RunListener listener, CancellationToken cancel) {
        boolean klPairs = trainPairs == null && config.lossType().needsKlPairs();
        long microBatches = Math.max(0, total - start.stepsDone()) * config.gradientAccumulation();
        KtoBatcher.Cursor ahead = batcher.cursor(start.nextBatchPosition());
        try (NDManager step = root.newSubManager()) {
            precomputeOwnRows(train, trainRows, step);
            for (long i = 0; i < microBatches && klPairs; i++) {
                if (cancel.isCancelled()) return;
                MicroBatch batch = ahead.next();
                train.precompute(batch.rows(), batch.klCompletionRows(), step);
            }
            if (evaluator != null) {
                precomputeOwnRows(evaluator.reference, evalRows, step);
                for (MicroBatch batch : evaluator.batches) {
                    if (klPairs) evaluator.reference.precompute(batch.rows(), batch.klCompletionRows(), step);
                }
            }
        }
        train.release();
        if (evaluator != null) evaluator.reference.release();
        long bytes = reference.parameters().stream().mapToLong(p -> p.value().size()).sum() * Float.BYTES;
        owned.remove(reference);
        reference.close();
        reference = null;
        listener.onEvent(new RunEvent.Notice(runId, phase, String.format(java.util.Locale.ROOT,
                "precomputed the reference log-probs (%,d rows%s); the reference model is freed (%s)",
                trainRows.size() + evalRows.size(), klPairs ? String.format(java.util.Locale.ROOT, ", %,d KL batches",
                        train.precomputedPairBatches() + (evaluator == null ? 0 : evaluator.reference.precomputedPairBatches())) : "",
                MemoryEstimate.format(bytes))));
    }

    /** Every row's own reference log-prob (a cached instance computes them all at the first read). */
    private static void precomputeOwnRows(ReferenceLogProbs logps, EncodedRows rows, NDManager step) {
        if (rows.size() > 0) logps.precompute(new int[] {0}, new int[] {0}, step);
    }

    private final class Evaluator {
        private final Objective objective;
        private final ReferenceLogProbs reference; // null when the objective reads none
        private final List<MicroBatch> batches;
        private final SampleEvaluation sampling;
        private final RunListener listener; // told when the judge fails: the point is marked failed, the run goes on

        Evaluator(Objective objective, ReferenceLogProbs reference, List<MicroBatch> batches, SampleEvaluation sampling,
                  RunListener listener) {
            this.objective = objective;
            this.reference = reference;
            this.batches = batches;
            this.sampling = sampling;
            this.listener = listener;
        }

        RunEvent.Eval at(long stepsDone) {
            Map<String, Double> metrics = new LinkedHashMap<>(TrainingLoop.evaluate(objective, batches, root));
            List<org.ktoworkbench.model.store.SampleRecord> samples = List.of();
            if (sampling != null) {
                SampleEvaluation.Result result = sampling.run(policy);
                metrics.putAll(result.metrics());
                samples = result.samples();
                if (result.failure() != null) {
                    listener.onEvent(new RunEvent.Notice(runId, phase, "eval at step " + stepsDone + ": " + result.failure()));
                }
            }
            lastEval = metrics;
            return new RunEvent.Eval(runId, stepsDone, metrics, samples);
        }
    }

    /** Cached reference log-probs of {@code rows}, shared through the workspace with runs of the same reference. */
    private ReferenceLogProbs storedReference(EncodedRows rows) {
        return new ReferenceLogProbs(reference, rows, ReferenceCache.of(workspaceDir, referenceIdentity, rows,
                ReferenceLogProbs.CHUNK));
    }

    /**
     * The reference model's identity: the hash of the base run's model files, of the model folder the run recorded, or
     * of a fresh built-in GPT's initial values.
     */
    private String referenceIdentity(Workspace workspace, long runId, Path baseModel) throws IOException {
        if (baseModel != null) return "model files " + ModelFingerprint.of(baseModel).sha256();
        if (config.model().pretrained()) {
            return "model folder " + workspace.runs().modelSource(runId).map(ModelFingerprint::fromJson)
                    .map(ModelFingerprint::sha256).orElseThrow();
        }
        MessageDigest digest = ReferenceCache.sha256();
        for (NamedParameter p : reference.parameters()) {
            digest.update(p.name().getBytes(StandardCharsets.UTF_8));
            float[] values = p.value().toFloatArray();
            ByteBuffer bytes = ByteBuffer.allocate(4 * values.length);
            bytes.asFloatBuffer().put(values);
            digest.update(bytes.array());
        }
        return "initial values " + HexFormat.of().formatHex(digest.digest());
    }

    /** The reference log-probs the phase's objective reads on {@code rows}; null when it reads none (SFT, SFT+). */
    private ReferenceLogProbs referenceLogProbs(EncodedRows rows, boolean cached) {
        if (phase == RunEvent.Phase.SFT || config.lossType().desirableOnly()) return null;
        return cached ? storedReference(rows) : new ReferenceLogProbs(reference, rows, false);
    }

    /** SFT, or the alignment objective the config names: DPO on {@code pairs} of {@code rows}, else KTO on the rows. */
    private Objective objective(EncodedRows rows, PreferencePairs pairs, ReferenceLogProbs referenceLogps) {
        if (referenceLogps == null) return new SftObjective(policy, rows, config.gradientCheckpointing());
        return pairs != null ? new DpoObjective(policy, referenceLogps, rows, pairs, config.beta(), config.gradientCheckpointing())
                : new KtoObjective(policy, referenceLogps, rows, config.ktoParams(), config.gradientCheckpointing());
    }

    /** Whether this phase trains on the desirable rows only: SFT asked to, or the SFT+ baseline. */
    private boolean desirableOnly() {
        return phase == RunEvent.Phase.SFT ? config.sftDesirableOnly() : config.lossType().desirableOnly();
    }

    /** The preference pairs of one split over its tokenized rows; how many pairs and unpaired rows there are is noted. */
    private PreferencePairs pairs(List<Example> examples, EncodedRows rows, String split) {
        PreferencePairs all = PreferencePairs.of(examples);
        PreferencePairs kept = all.remapped(rows::rowOf);
        StringBuilder notice = new StringBuilder(String.format(java.util.Locale.ROOT, "%s split: DPO on %,d preference"
                + " pairs (%,d of its %,d rows)", split, kept.size(), 2L * kept.size(), examples.size()));
        long unpaired = all.rowsWithPairId() - 2L * all.size();
        if (unpaired > 0) {
            notice.append(String.format(java.util.Locale.ROOT, "; %,d rows with a pair_id are in no complete pair"
                    + " (a pair is two rows of one prompt, one desirable and one undesirable)", unpaired));
        }
        if (kept.size() < all.size()) {
            notice.append(String.format(java.util.Locale.ROOT, "; %,d pairs lost a row to the max length",
                    all.size() - kept.size()));
        }
        notices.add(notice.toString());
        return kept;
    }

    private LearningRateSchedule schedule(double peak, long total) {
        long warmup = LearningRateSchedule.warmupSteps(config.warmupFraction(), total);
        return switch (config.schedule()) {
            case "linear" -> LearningRateSchedule.linear(peak, total, warmup);
            case "constant" -> LearningRateSchedule.constant(peak, total, warmup);
            default -> LearningRateSchedule.cosine(peak, total, warmup);
        };
    }

    private <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    @Override
    public void close() {
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception ignored) {
                // closing native memory; nothing useful to do on failure
            }
        }
        root.close();
    }
}
