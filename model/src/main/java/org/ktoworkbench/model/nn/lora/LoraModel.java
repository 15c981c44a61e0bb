package org.ktoworkbench.model.nn.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ktoworkbench.model.hf.Gpt2Config;
import org.ktoworkbench.model.hf.SafetensorsFile;
import org.ktoworkbench.model.hf.SafetensorsTensor;
import org.ktoworkbench.model.nn.BlockPass;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.GradMode;
import org.ktoworkbench.model.nn.KvCache;
import org.ktoworkbench.model.nn.NamedParameter;
import org.ktoworkbench.model.nn.hf.HfDecoder;
import org.ktoworkbench.model.nn.hf.Projection;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face decoder with LoRA adapters: its own weights frozen, only the adapters' A and B trainable
 * ({@link #parameters()}). {@link #frozenCopy()} is the base with the adapters switched off, sharing the weights: the
 * KTO reference at no extra memory. Saves as a PEFT adapter folder ({@link AdapterConfig#FILE} and
 * {@link #WEIGHTS_FILE}); {@link #merge()} folds the adapters into the base weights for a full checkpoint.
 *
 * <p>Dropout (when the spec asks for it) applies on passes that record gradients only, drawn from torch's generator
 * seeded from the run's seed and the count of such passes so far, which a training checkpoint keeps
 * ({@link #STATE_FILE}): a resumed run draws the same masks as an uninterrupted one.
 */
public final class LoraModel implements CausalLm {
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    static final String STATE_FILE = "lora_state.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HfDecoder base;
    private final LoraSpec spec;
    private final LoraAdapters adapters;
    private final String baseModel;
    private final long seed;
    private final AdaptersOff reference;
    private long trainingPasses;

    private LoraModel(HfDecoder base, LoraSpec spec, LoraAdapters adapters, String baseModel, long seed) {
        this.base = base;
        this.spec = spec;
        this.adapters = adapters;
        this.baseModel = baseModel;
        this.seed = seed;
        this.reference = new AdaptersOff(base);
    }

    /**
     * Fresh adapters (see {@link LoraAdapters#fresh}) on {@code base}, which this model then owns; a LoRA model as
     * base has its own adapters merged in first (its merged weights are the new base).
     *
     * @param baseModel the folder the base was loaded from, written as {@code base_model_name_or_path}
     * @throws IllegalArgumentException for a model that is not a Hugging Face decoder, or unknown targets ({@code base}
     *                                  is closed then)
     */
    public static LoraModel attach(CausalLm base, LoraSpec spec, long seed, Path baseModel) {
        try {
            HfDecoder decoder = decoderOf(base);
            LoraSpec resolved = LoraTargets.resolve(spec, decoder.hfConfig());
            decoder.freeze();
            return new LoraModel(decoder, resolved, LoraAdapters.fresh(decoder.projections(), resolved, seed),
                    baseModel.toAbsolutePath().normalize().toString(), seed);
        } catch (RuntimeException e) {
            base.close();
            throw e;
        }
    }

    /**
     * The adapter folder {@code dir} (a saved LoRA model or a training checkpoint of one) on {@code base}, which this
     * model then owns (also when loading fails: it is closed then).
     */
    public static LoraModel load(CausalLm base, Path dir) throws IOException {
        try {
            HfDecoder decoder = decoderOf(base);
            AdapterConfig config = AdapterConfig.read(dir);
            LoraSpec spec = LoraTargets.resolve(config.spec(), decoder.hfConfig());
            Path file = dir.resolve(WEIGHTS_FILE);
            Map<String, float[]> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, SafetensorsTensor> e : SafetensorsFile.readHeader(file).entrySet()) {
                tensors.put(e.getKey(), SafetensorsFile.readFloats(e.getValue()));
            }
            long seed = 0;
            long passes = 0;
            if (Files.isRegularFile(dir.resolve(STATE_FILE))) {
                JsonNode state = JSON.readTree(Files.readString(dir.resolve(STATE_FILE)));
                seed = state.path("seed").asLong();
                passes = state.path("trainingPasses").asLong();
            }
            decoder.freeze();
            LoraModel model = new LoraModel(decoder, spec, LoraAdapters.of(decoder.projections(), spec, tensors, file),
                    config.baseModel(), seed);
            model.trainingPasses = passes;
            return model;
        } catch (IOException | RuntimeException e) {
            base.close();
            throw e;
        }
    }

    /** The base model's folder a saved adapter folder names. */
    public static Path baseFolderOf(Path dir) throws IOException {
        return Path.of(AdapterConfig.read(dir).baseModel());
    }

    private static HfDecoder decoderOf(CausalLm base) {
        if (base instanceof LoraModel lora) return lora.merge();
        if (base instanceof HfDecoder decoder) return decoder;
        throw new IllegalArgumentException("LoRA needs a Hugging Face model (--model DIR); the built-in GPT trains all"
                + " its weights");
    }

    /** The settings, targets explicit. */
    public LoraSpec spec() {
        return spec;
    }

    /**
     * Adds scale·B·A to each adapted weight (transposed for GPT-2's [in, out] Conv1D), closes the adapters and hands
     * back the base, which the caller then owns; this model is not usable after.
     */
    public HfDecoder merge() {
        GradMode.withoutGradient(() -> {
            for (Projection p : base.projections()) {
                NDArray update = adapters.update(p.module());
                if (update == null) continue;
                p.weight().addi(p.fanInFanOut() ? update.transpose() : update);
                update.close();
            }
            return null;
        });
        adapters.close();
        return base;
    }

    @Override
    public int contextLength() {
        return base.contextLength();
    }

    @Override
    public int vocabSize() {
        return base.vocabSize();
    }

    @Override
    public NDArray logits(NDArray tokens) {
        return logits(tokens, null, null);
    }

    @Override
    public NDArray logits(NDArray tokens, NDArray attentionMask, KvCache cache) {
        if (spec.dropout() > 0 && JniUtils.isGradMode()) {
            JniUtils.setSeed(seed * 0x9E3779B97F4A7C15L + trainingPasses++);
        }
        return base.logits(tokens, attentionMask, cache, adapters);
    }

    /** The adapted pass cut at its blocks (gradient checkpointing, which a config refuses with dropout: its recompute would draw other masks). */
    @Override
    public BlockPass blockPass(NDArray tokens) {
        BlockPass adapted = base.blockPass(tokens, adapters);
        return new BlockPass() {
            @Override
            public NDArray embed() {
                return adapted.embed();
            }

            @Override
            public int blockCount() {
                return adapted.blockCount();
            }

            @Override
            public NDArray block(int index, NDArray hidden) {
                return adapted.block(index, hidden);
            }

            @Override
            public NDArray head(NDArray hidden) {
                return adapted.head(hidden);
            }

            @Override
            public boolean embeddingsTrain() {
                return false; // the base is frozen: only the adapters in the blocks train
            }
        };
    }

    @Override
    public KvCache newCache(NDManager manager) {
        return base.newCache(manager);
    }

    /** The adapters' A and B only. */
    @Override
    public List<NamedParameter> parameters() {
        return adapters.parameters();
    }

    @Override
    public void zeroGradients() {
        adapters.zeroGradients();
    }

    /** The base with the adapters switched off (no copy; closed with this model). */
    @Override
    public CausalLm frozenCopy() {
        return reference;
    }

    /** A PEFT adapter folder: adapter_config.json and adapter_model.safetensors (float32). */
    @Override
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        new AdapterConfig(spec, baseModel, base.hfConfig() instanceof Gpt2Config).write(dir);
        adapters.write(dir.resolve(WEIGHTS_FILE));
    }

    /** {@link #save} and the dropout generator's position, so a resumed run draws the masks it would have. */
    @Override
    public void saveExact(Path dir) throws IOException {
        save(dir);
        Files.writeString(dir.resolve(STATE_FILE), JSON.writeValueAsString(Map.of("seed", seed, "trainingPasses",
                trainingPasses)) + "\n");
    }

    @Override
    public int managedArrayCount() {
        return base.managedArrayCount() + adapters.managedArrayCount();
    }

    @Override
    public void close() {
        adapters.close();
        base.close();
    }
}
