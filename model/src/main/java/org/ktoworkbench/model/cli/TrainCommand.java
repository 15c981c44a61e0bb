package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.EngineThreads;
import org.ktoworkbench.model.data.BalanceCheck;
import org.ktoworkbench.model.kto.LossType;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.ImportProgress;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.DatasetChanges;
import org.ktoworkbench.model.train.PairedDataCheck;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;
import org.ktoworkbench.model.train.Trainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train SFT then KTO (or DPO) and report the winrate against the SFT base.",
                "With no options: the embedded default task (the sample dataset is imported if the workspace lacks it);"
                        + " --dataset arithmetic-pairs: its paired form, for --loss-type DPO."})
final class TrainCommand extends WorkspaceCommand {
    @Option(names = "--dataset", paramLabel = "NAME|FILE", description = "Dataset name in the workspace, or a file to import.")
    String dataset;
    @Option(names = "--config", paramLabel = "FILE", description = "Run config JSON (the GUI saves the same format); flags override it.")
    Path configFile;
    @Option(names = "--save-config", paramLabel = "FILE", description = "Write the resulting run config to FILE and exit.")
    Path saveConfig;
    @Option(names = "--name", description = "Run name.")
    String name;
    @Option(names = "--base-run", paramLabel = "RUN", description = "Start KTO from this completed run's model instead of training SFT.")
    Long baseRun;
    @Option(names = "--beta", description = "β, the KTO temperature.")
    Double beta;
    @Option(names = "--lambda-d", description = "λ_D, weight of desirable rows.")
    Double lambdaD;
    @Option(names = "--lambda-u", description = "λ_U, weight of undesirable rows.")
    Double lambdaU;
    @Option(names = "--loss-type", description = {"KTO, APO_ZERO_UNPAIRED (KTO without its reference point), DPO"
            + " (TRL's sigmoid loss on the preference pairs of the dataset: rows sharing a pair_id) or SFT (SFT+: the"
            + " aligned model fine-tuned on the desirable rows only, the paper's baseline)."})
    LossType lossType;
    @Option(names = "--lr", description = "KTO peak learning rate.")
    Double learningRate;
    @Option(names = "--batch", description = "Micro-batch size (at least 2: KL pairs need a second row).")
    Integer batchSize;
    @Option(names = "--grad-accum", description = "Micro-batches per optimizer step.")
    Integer gradientAccumulation;
    @Option(names = "--steps", description = "KTO optimizer steps.")
    Integer steps;
    @Option(names = "--sft-steps", description = "SFT optimizer steps before KTO (0: none).")
    Integer sftSteps;
    @Option(names = "--sft-lr", description = "SFT peak learning rate.")
    Double sftLearningRate;
    @Option(names = "--sft-batch", description = "SFT batch size.")
    Integer sftBatchSize;
    @Option(names = "--sft-desirable-only", description = "SFT on desirable completions only (default: all completions).")
    Boolean sftDesirableOnly;
    @Option(names = "--eval-every", description = "Steps between evaluations (0: none).")
    Integer evalEvery;
    @Option(names = "--eval-prompts", description = "Held-out prompts sampled for the winrate.")
    Integer evalPrompts;
    @Option(names = "--judge", paramLabel = "SPEC", description = {"Judge: arithmetic; openai:URL[#model] (an"
            + " OpenAI-compatible chat-completions server, e.g. openai:http://127.0.0.1:8000/v1#my-model; API key from"
            + " $KTO_JUDGE_API_KEY, else $OPENAI_API_KEY); or reward-model:DIR[#margin=M] (a Hugging Face reward model"
            + " folder, *ForSequenceClassification with one label; rewards within M tie, default 0).",
            "Try it first with the judge command."})
    String judge;
    @Option(names = "--checkpoint-every", description = "Steps between checkpoints (0: none).")
    Integer checkpointEvery;
    @Option(names = "--precompute-reference", description = "Compute each reference log-prob once and reuse it.")
    Boolean precomputeReference;
    @Option(names = "--gradient-checkpointing", description = "Recompute each transformer block in backward instead of"
            + " keeping its activations: less memory, about one more forward pass of time per step.")
    Boolean gradientCheckpointing;
    @Option(names = "--device", paramLabel = "cpu|gpu[:N]", description = "Where every array of the run is made"
            + " (default: cpu).")
    String device;
    @Option(names = "--mixed-precision", paramLabel = "none|fp16", description = "fp16: PyTorch-style automatic mixed"
            + " precision, matrix products in float16 over float32 master weights, with dynamic loss scaling (an"
            + " overflowing step is skipped and the scale halved; logged as loss_scale and skipped_steps). For GPUs;"
            + " on a CPU it runs, slower than none (default: none).")
    String mixedPrecision;
    @Option(names = "--seed", description = "Seed for initialisation, shuffling and sampling.")
    Long seed;
    @Option(names = "--model", paramLabel = "DIR", description = {"Align the pretrained model in this folder (a Hugging Face"
            + " checkpoint: config.json, safetensors, tokenizer.json) instead of a fresh built-in GPT.",
            "Its defaults: no SFT, learning rate 5e-6 with 10%% warmup, batch 8, no sampled winrate."})
    Path model;
    @Option(names = "--max-length", paramLabel = "N", description = "Longest prompt + completion in tokens (default: 1024"
            + " for a model folder, as TRL; the context for the built-in GPT). Completions are cut from the right; rows"
            + " whose prompt alone fills it are dropped and counted.")
    Integer maxLength;
    @Option(names = "--lora-rank", paramLabel = "R", description = {"Train a LoRA adapter of rank R on the model folder's"
            + " projections instead of every weight; the reference is the base with the adapter off (no copy).",
            "Export it with export-model (a PEFT adapter folder, or --merge for a full checkpoint)."})
    Integer loraRank;
    @Option(names = "--lora-alpha", paramLabel = "A", description = "LoRA alpha: the update is scaled by A/R (default: 8, as PEFT).")
    Double loraAlpha;
    @Option(names = "--lora-dropout", paramLabel = "P", description = "Dropout on the adapter's input while training, in [0, 1) (default: 0).")
    Double loraDropout;
    @Option(names = "--lora-targets", paramLabel = "NAMES", split = ",", description = {"Modules to adapt, by PEFT's names:"
            + " q_proj,k_proj,v_proj,o_proj,gate_proj,up_proj,down_proj (Llama, Mistral, Qwen2, Qwen3); c_attn,c_proj,c_fc"
            + " (GPT-2); query_key_value,dense,dense_h_to_4h,dense_4h_to_h (GPT-NeoX).",
            "Default: PEFT's (q_proj,v_proj; c_attn; query_key_value)."})
    List<String> loraTargets;
    @Option(names = "--layers", description = "Model layers.")
    Integer layers;
    @Option(names = "--d-model", description = "Model width.")
    Integer dModel;
    @Option(names = "--heads", description = "Attention heads.")
    Integer heads;
    @Option(names = "--context", description = "Context length in tokens (bytes).")
    Integer context;

    private RunConfig config;

    @Override
    public Integer call() throws Exception {
        if (loraRank == null && (loraAlpha != null || loraDropout != null || loraTargets != null)
                && RunConfigJson.read(configFile, Map.of()).lora() == null) {
            throw new IllegalArgumentException("--lora-alpha, --lora-dropout and --lora-targets need --lora-rank (without"
                    + " it the run trains every weight)");
        }
        config = RunConfigJson.read(configFile, overrides());
        if (saveConfig != null) {
            RunConfigJson.write(config, saveConfig);
            out().println("wrote " + TerminalText.escape(saveConfig));
            return 0;
        }
        return super.call();
    }

    /** The whole request is checked (config, base run, memory, dataset) before a dataset is imported or a run made. */
    @Override
    int run(Workspace ws, PrintWriter out) {
        Trainer trainer = new Trainer(ws);
        trainer.validate(config, baseRun);
        requireDataset(ws, config.dataset());
        requirePairsBeforeImport(ws, config);
        RunConfig run = RunConfigJson.withOverrides(config, Map.of("dataset", resolveDataset(ws, config.dataset(), out)));
        warnIfUnbalanced(ws, run, out);
        try (EngineThreads threads = OtherTrainings.warnAndShareCores(ws, List.of(), out)) {
            return CancelOnInterrupt.run(cancel ->
                    RunSummaries.print(out, trainer.train(run, baseRun, ProgressLine.forConsole(out), cancel)));
        }
    }

    /** The dataset is the embedded sample, one in the workspace, or a file that can be read (and will be imported). */
    private static void requireDataset(Workspace ws, String nameOrFile) {
        if (SampleWorkspace.isEmbedded(nameOrFile) || ws.datasets().find(nameOrFile).isPresent()) return;
        Path file = Path.of(nameOrFile);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no dataset named '" + nameOrFile + "' in the workspace, and no such file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException(file + ": cannot read this dataset file");
        }
    }

    /**
     * DPO on a dataset still to be imported (a file, or an embedded sample the workspace lacks) is refused before the
     * import when the file holds no preference pairs; one in the workspace was checked by {@link Trainer#validate}.
     */
    private static void requirePairsBeforeImport(Workspace ws, RunConfig config) {
        String nameOrFile = config.dataset();
        if (!config.lossType().paired() || config.steps() == 0 || ws.datasets().find(nameOrFile).isPresent()) return;
        if (SampleWorkspace.isEmbedded(nameOrFile)) {
            SampleWorkspace.withFile(nameOrFile, file -> {
                PairedDataCheck.requirePairs(file, "dataset '" + nameOrFile + "'");
                return null;
            });
        } else {
            PairedDataCheck.requirePairs(Path.of(nameOrFile), TerminalText.escape(nameOrFile));
        }
    }

    /** The paper's guidance on λ_D·n_D/(λ_U·n_U) over the rows KTO trains on, with the λ_D range that would satisfy it. */
    private static void warnIfUnbalanced(Workspace ws, RunConfig config, PrintWriter out) {
        if (config.steps() == 0 || config.lossType().paired()) return; // DPO weighs no side
        DatasetInfo d = ws.datasets().get(config.dataset());
        BalanceCheck check = BalanceCheck.of(d.trainDesirable(), d.trainUndesirable(), config.lambdaD(), config.lambdaU());
        if (!check.inRange()) out.println("warning: " + check.message());
    }

    /** A file is imported (once, by its file name) and split; the sample dataset is imported on first use. */
    private String resolveDataset(Workspace ws, String nameOrFile, PrintWriter out) {
        if (SampleWorkspace.isEmbedded(nameOrFile)) {
            boolean had = ws.datasets().find(nameOrFile).isPresent();
            SampleWorkspace.ensureSampleDataset(ws, nameOrFile);
            if (!had) out.println("imported the embedded sample dataset as '" + nameOrFile + "'");
            return nameOrFile;
        }
        Path file = Path.of(nameOrFile);
        if (ws.datasets().find(nameOrFile).isPresent() || !Files.isRegularFile(file)) return nameOrFile;
        DatasetInfo imported = DatasetChanges.importWithEvalSplit(ws, file, ImportOptions.strict(null), ImportProgress.NONE);
        out.println("imported " + TerminalText.escape(file) + " as '" + TerminalText.escape(imported.name())
                + "' and held out " + Math.round(SampleWorkspace.EVAL_FRACTION * 100) + "% of its prompts for evaluation");
        return imported.name();
    }

    private Map<String, Object> overrides() {
        Map<String, Object> o = new HashMap<>();
        o.put("dataset", dataset);
        o.put("name", name);
        o.put("beta", beta);
        o.put("lambdaD", lambdaD);
        o.put("lambdaU", lambdaU);
        o.put("lossType", lossType);
        o.put("learningRate", learningRate);
        o.put("batchSize", batchSize);
        o.put("gradientAccumulation", gradientAccumulation);
        o.put("steps", steps);
        o.put("sftSteps", sftSteps);
        o.put("sftLearningRate", sftLearningRate);
        o.put("sftBatchSize", sftBatchSize);
        o.put("sftDesirableOnly", sftDesirableOnly);
        o.put("evalEvery", evalEvery);
        o.put("evalPrompts", evalPrompts);
        o.put("judge", judge);
        o.put("checkpointEvery", checkpointEvery);
        o.put("precomputeReference", precomputeReference);
        o.put("seed", seed);
        o.put("gradientCheckpointing", gradientCheckpointing);
        o.put("device", device);
        o.put("mixedPrecision", mixedPrecision);
        o.put("maxLength", maxLength);
        o.put("model.folder", model == null ? null : model.toAbsolutePath().normalize().toString());
        o.put("lora.rank", loraRank);
        o.put("lora.alpha", loraAlpha);
        o.put("lora.dropout", loraDropout);
        o.put("lora.targets", loraTargets);
        o.put("model.layers", layers);
        o.put("model.dModel", dModel);
        o.put("model.heads", heads);
        o.put("model.contextLength", context);
        return o;
    }
}
