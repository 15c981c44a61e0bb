package org.ktoworkbench.model.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ktoworkbench.model.hf.HfConfig;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.loading.ModelFolder;
import org.ktoworkbench.model.loading.ModelInspection;
import org.ktoworkbench.model.loading.ModelKind;
import org.ktoworkbench.model.nn.lora.LoraTargets;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.RunStore;
import org.ktoworkbench.model.store.RunTrainingException;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Starts and resumes runs in a workspace, the same way for the CLI and the GUI. A run config with {@code sftSteps > 0}
 * makes two runs: an SFT run that trains the base, then a KTO run (its child) that aligns it against a frozen copy.
 * Runs execute on the calling thread; events reach {@code listener} and the workspace.
 */
public final class Trainer {
    public static final String KIND_SFT = "sft";
    public static final String KIND_KTO = "kto";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Workspace workspace;

    public Trainer(Workspace workspace) {
        this.workspace = workspace;
    }

    /**
     * Trains a fresh pipeline: SFT from a seeded random init (unless {@code baseRunId} names a completed run whose model
     * to start from), then KTO.
     */
    public List<RunSummary> train(RunConfig config, Long baseRunId, RunListener listener, CancellationToken cancel) {
        config = validate(config, baseRunId);
        workspace.datasets().get(config.dataset());
        List<RunSummary> summaries = new ArrayList<>();
        Long base = baseRunId;
        if (base == null && config.sftSteps() > 0) {
            long sftRun = createRun(config, KIND_SFT, null);
            RunSummary sft = phase(sftRun, RunEvent.Phase.SFT, config, null, listener, cancel);
            summaries.add(sft);
            if (sft.status() != RunStatus.COMPLETED) return summaries;
            base = sftRun;
        }
        if (config.steps() > 0) {
            if (base != null) RunDataCheck.beforeKtoFrom(workspace, base, config.dataset());
            long ktoRun = createRun(config, KIND_KTO, base);
            summaries.add(phase(ktoRun, RunEvent.Phase.KTO, config, base, listener, cancel));
        }
        return summaries;
    }

    /** {@link #resume(long, boolean, RunListener, CancellationToken)}, refused while a live process trains the run. */
    public List<RunSummary> resume(long runId, RunListener listener, CancellationToken cancel) {
        return resume(runId, false, listener, cancel);
    }

    /**
     * Checks what a request to {@link #train} can be refused for, other than its dataset, so that a caller can check
     * before it imports or creates anything: the config's values (judge included), the base run (it exists and
     * completed), whether the run fits in the memory this machine has ({@link MemoryEstimate}: for the longest rows
     * of the dataset when it is in the workspace, else for rows as long as the context), and, for DPO, whether the
     * dataset's train split holds preference pairs ({@link PairedDataCheck}; a dataset not in the workspace yet is
     * checked when it is: by the caller before an import, else by {@link #train}).
     *
     * @return the config to train: a run from a base trains the base's model
     */
    public RunConfig validate(RunConfig config, Long baseRunId) {
        config.requireValid();
        RunConfig run = resolve(config, baseRunId);
        ai.djl.Device device = ComputeDevice.require(run.device()); // "no GPU 0: ..." before anything is made
        estimateOf(run, baseRunId != null).refusal(AvailableMemory.bytesOn(device), AvailableMemory.freeHeapBytes())
                .ifPresent(reason -> {
                    throw new IllegalArgumentException(reason);
                });
        if (run.lossType().paired() && run.steps() > 0 && workspace.datasets().find(run.dataset()).isPresent()) {
            PairedDataCheck.requireTrainPairs(workspace, run.dataset());
        }
        return run;
    }

    /**
     * The memory a run of {@code config} (valid, from {@code baseRunId} or from scratch) needs at its peak, as
     * {@link #validate} checks it: what Run setup shows as its options change. Reads the model folder's headers and,
     * for the built-in GPT, the dataset's longest rows.
     */
    public MemoryEstimate memoryEstimate(RunConfig config, Long baseRunId) {
        return estimateOf(resolve(config, baseRunId), baseRunId != null);
    }

    /** The config as it trains: a base run's model, LoRA targets named. */
    private RunConfig resolve(RunConfig config, Long baseRunId) {
        RunConfig run = baseRunId == null ? config : withModelOf(requireCompleted(baseRunId), config);
        return run.lora() == null ? run : run.withLora(LoraTargets.resolve(run.lora(), loraModelConfig(run)));
    }

    private MemoryEstimate estimateOf(RunConfig run, boolean fromBase) {
        if (run.lora() != null) {
            HfConfig model = loraModelConfig(run);
            return MemoryEstimate.ofLora(run, inspect(run.model().folderPath()).shape(), fromBase,
                    longestSequenceBound(run), LoraTargets.parameterCount(run.lora(), model));
        }
        return run.model().pretrained()
                ? MemoryEstimate.ofFolder(run, inspect(run.model().folderPath()).shape(), fromBase, longestSequenceBound(run))
                : MemoryEstimate.of(run, fromBase, longestSequence(run));
    }

    /**
     * The config.json of the Hugging Face model a LoRA run adapts; the built-in GPT is refused (it is small enough to
     * train every weight).
     */
    private static HfConfig loraModelConfig(RunConfig run) {
        Path folder = run.model().folderPath();
        try {
            if (folder == null || ModelFolder.kindOf(folder) == ModelKind.BUILT_IN) {
                throw new IllegalArgumentException("LoRA (--lora-rank) needs a Hugging Face model folder (--model DIR);"
                        + " the built-in GPT trains all its weights");
            }
            return HfConfigReader.read(folder);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** The model folder's config, weights' headers and tokenizer, read to find problems before anything is made. */
    private static ModelInspection inspect(Path folder) {
        try {
            return ModelInspection.of(folder);
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /**
     * A bound on the tokens of the longest sequence of a model folder's run, without tokenizing: a token of a byte-level
     * tokenizer holds at least one byte, and special tokens and a chat template add some ({@link #TEMPLATE_TOKENS}).
     */
    private OptionalLong longestSequenceBound(RunConfig config) {
        OptionalLong bytes = longestSequence(config);
        return bytes.isEmpty() ? bytes : OptionalLong.of(bytes.getAsLong() + TEMPLATE_TOKENS);
    }

    private static final int TEMPLATE_TOKENS = 256;

    /** Tokens in the longest sequence the run's dataset can give; empty when it is not in the workspace yet. */
    private OptionalLong longestSequence(RunConfig config) {
        if (workspace.datasets().find(config.dataset()).isEmpty()) return OptionalLong.empty();
        // the byte tokenizer: a token per byte, + BOS (the model's input drops the EOS)
        return OptionalLong.of(workspace.datasets().longestPromptPlusCompletionBytes(config.dataset()) + 1);
    }

    /**
     * Continues an unfinished run from its last checkpoint (from its start when it has none). An SFT run that
     * completes this way goes on to its KTO run when the config asks for KTO steps and none was made yet. A run that
     * reads RUNNING is refused ({@link org.ktoworkbench.model.store.RunTrainingException}) unless {@code force}: the
     * user knows its process is gone or hung, and this process takes the run over.
     */
    public List<RunSummary> resume(long runId, boolean force, RunListener listener, CancellationToken cancel) {
        RunInfo run = workspace.runs().run(runId)
                .orElseThrow(() -> new IllegalArgumentException("no run " + runId + " in this workspace"));
        if (run.status() == RunStatus.COMPLETED) {
            throw new IllegalArgumentException("run " + runId + " already completed; nothing to resume");
        }
        if (force) {
            workspace.runs().forgetOwner(runId);
        } else {
            workspace.runs().requireNotTraining(runId);
        }
        RunDataCheck.beforeResume(workspace, run);
        RunModelCheck.beforeResume(workspace, run);
        RunConfig config = RunConfigJson.fromJson(run.configJson());
        List<RunSummary> summaries = new ArrayList<>();
        if (KIND_KTO.equals(run.kind())) {
            summaries.add(phase(runId, RunEvent.Phase.KTO, config, run.parentRunId(), listener, cancel));
            return summaries;
        }
        RunSummary sft = phase(runId, RunEvent.Phase.SFT, config, null, listener, cancel);
        summaries.add(sft);
        boolean hasChild = workspace.runs().listRuns().stream().anyMatch(r -> Long.valueOf(runId).equals(r.parentRunId()));
        if (sft.status() == RunStatus.COMPLETED && config.steps() > 0 && !hasChild) {
            RunDataCheck.beforeKtoFrom(workspace, runId, config.dataset());
            long ktoRun = createRun(config, KIND_KTO, runId);
            summaries.add(phase(ktoRun, RunEvent.Phase.KTO, config, runId, listener, cancel));
        }
        return summaries;
    }

    private RunSummary phase(long runId, RunEvent.Phase phase, RunConfig config, Long baseRunId,
                             RunListener listener, CancellationToken cancel) {
        RunRecorder recorder = new RunRecorder(workspace.runs());
        RunListener both = event -> {
            recorder.onEvent(event);
            listener.onEvent(event);
        };
        RunSummary summary;
        try {
            both.onEvent(new RunEvent.Status(runId, phase, RunStatus.RUNNING, null));
            try (PhaseRun run = new PhaseRun(workspace, runId, phase, config,
                    baseRunId == null ? null : new RunPaths(workspace.directory(), baseRunId).finalModel())) {
                summary = run.execute(both, cancel);
            }
        } catch (RunTrainingException e) {
            throw e; // refused to start: another owner trains the run, and its status is not ours to write
        } catch (RuntimeException e) {
            // a run that failed while starting ends too: left QUEUED or RUNNING, its dataset would stay in use
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            both.onEvent(new RunEvent.Status(runId, phase, RunStatus.FAILED, message));
            throw e;
        }
        workspace.runs().setSummary(runId, summaryJson(summary));
        both.onEvent(new RunEvent.Status(runId, phase, summary.status(), summary.message()));
        return summary;
    }

    /** Owned by this process from its creation, as a run started at once is ({@link RunStore#createRun}). */
    private long createRun(RunConfig config, String kind, Long parent) {
        // a DPO run is the pipeline's alignment phase (kind kto); its name says which objective it trains
        String label = KIND_KTO.equals(kind) && config.lossType().paired() ? config.lossType().trlName() : kind;
        String name = config.name() != null ? config.name() + " · " + label : label + " " + config.dataset();
        return workspace.runs().createRun(name, kind, config.dataset(), RunConfigJson.toJson(config), parent);
    }

    private RunInfo requireCompleted(long runId) {
        RunInfo base = workspace.runs().run(runId)
                .orElseThrow(() -> new IllegalArgumentException("no run " + runId + " to start from"));
        if (base.status() != RunStatus.COMPLETED) {
            throw new IllegalArgumentException("run " + runId + " is " + base.status().name().toLowerCase()
                    + "; only a completed run's model can be a base");
        }
        return base;
    }

    /** A run that starts from a base trains the base's model, whatever size the config asked for. */
    private static RunConfig withModelOf(RunInfo base, RunConfig config) {
        ModelSpec model = RunConfigJson.fromJson(base.configJson()).model();
        return model.equals(config.model()) ? config : RunConfigJson.withOverrides(config, Map.of("model", model));
    }

    private static String summaryJson(RunSummary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("status", summary.status().name());
        json.put("steps", summary.stepsDone());
        json.put("metrics", summary.lastMetrics());
        json.put("eval", summary.lastEval());
        try {
            return MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
