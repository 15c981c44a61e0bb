package org.ktoworkbench.model.nn.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ktoworkbench.model.hf.CheckpointWeights;
import org.ktoworkbench.model.hf.HfConfig;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.nn.Autocast;
import org.ktoworkbench.model.nn.AttentionContext;
import org.ktoworkbench.model.nn.BlockPass;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.CausalMask;
import org.ktoworkbench.model.nn.KvCache;
import org.ktoworkbench.model.nn.NamedParameter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the Hugging Face decoders share: float32 parameters under their checkpoint names, the causal
 * mask and cache bookkeeping around each architecture's forward pass, frozen copies and saving as a
 * checkpoint folder (the source config.json, model.safetensors in the source dtypes and names).
 */
public abstract class HfDecoder implements CausalLm {
    static final DataType TYPE = DataType.FLOAT32;

    private final HfConfig config;
    private final int layers;
    final HfWeights weights;
    /** False for the backbone of a sequence classifier, whose checkpoint has no LM head ({@link HfRewardModel}). */
    final boolean lmHead;
    private final List<Projection> projections = new ArrayList<>();

    HfDecoder(HfConfig config, int layers, HfWeights weights, boolean lmHead) {
        this.config = config;
        this.layers = layers;
        this.weights = weights;
        this.lmHead = lmHead;
    }

    /** The same architecture over other weights (a frozen copy's). */
    abstract HfDecoder withWeights(HfWeights copy) throws IOException;

    @Override
    public HfDecoder frozenCopy() {
        try {
            return withWeights(weights.frozenCopy());
        } catch (IOException e) {
            throw new IllegalStateException("copying a loaded model cannot fail", e);
        }
    }

    /**
     * The architecture's pass over new tokens {@code ids} [B, T] INT64, {@code adapters} on its projections, cut at its
     * blocks, extending {@code cache} (or null); its head is the final norm and the LM head ({@link Blocks}).
     */
    abstract BlockPass pass(NDArray ids, CausalMask mask, KvCache cache, ProjectionAdapters adapters);

    /** The final norm over the last block's output: transformers' {@code last_hidden_state}. */
    abstract NDArray finalNorm(NDArray hidden);

    /** The output projection [V, hidden] (the embedding when tied); null when loaded without an LM head. */
    abstract NDArray head();

    /** Registers one of the model's linear layers (in the order of the forward pass) for {@link #projections()}. */
    Projection projection(String module, NDArray weight, NDArray bias, boolean fanInFanOut) {
        Projection p = new Projection(module, weight, bias, fanInFanOut);
        projections.add(p);
        return p;
    }

    /** The linear layers of the blocks that adapters can attach to, layer by layer (not the embedding or head). */
    public List<Projection> projections() {
        return List.copyOf(projections);
    }

    /** Stops every parameter from requiring a gradient: the frozen base under LoRA adapters. */
    public void freeze() {
        weights.freeze();
    }

    public HfConfig hfConfig() {
        return config;
    }

    @Override
    public int contextLength() {
        return config.contextLength();
    }

    @Override
    public int vocabSize() {
        return config.vocabSize();
    }

    @Override
    public NDArray logits(NDArray tokens) {
        return logits(tokens, null, null);
    }

    @Override
    public NDArray logits(NDArray tokens, NDArray attentionMask, KvCache cache) {
        return logits(tokens, attentionMask, cache, ProjectionAdapters.NONE);
    }

    /** {@link #logits(NDArray, NDArray, KvCache)} with {@code adapters} added to the projections' outputs. */
    public NDArray logits(NDArray tokens, NDArray attentionMask, KvCache cache, ProjectionAdapters adapters) {
        NDArray logits = passOver(tokens, attentionMask, cache, adapters).run();
        advance(cache, tokens);
        return logits;
    }

    @Override
    public BlockPass blockPass(NDArray tokens) {
        return blockPass(tokens, ProjectionAdapters.NONE);
    }

    /** {@link #blockPass(NDArray)} with {@code adapters} on the projections (a LoRA model's pass). */
    public BlockPass blockPass(NDArray tokens, ProjectionAdapters adapters) {
        return passOver(tokens, null, null, adapters);
    }

    /** The last hidden states [B, T, hidden] after the final norm, without the LM head (a reward model's backbone). */
    NDArray lastHiddenStates(NDArray tokens, NDArray attentionMask, KvCache cache, ProjectionAdapters adapters) {
        NDArray x = passOver(tokens, attentionMask, cache, adapters).blocksOutput();
        advance(cache, tokens);
        return finalNorm(x);
    }

    private static void advance(KvCache cache, NDArray tokens) {
        if (cache != null) {
            cache.advance(Math.toIntExact(tokens.getShape().get(1)));
        }
    }

    private BlockPass passOver(NDArray tokens, NDArray attentionMask, KvCache cache, ProjectionAdapters adapters) {
        NDManager step = tokens.getManager();
        int time = Math.toIntExact(tokens.getShape().get(1));
        int past = cache == null ? 0 : cache.length();
        if (past + time > contextLength()) {
            throw new IllegalArgumentException("sequence of " + (past + time)
                    + " tokens is longer than the model's context of " + contextLength());
        }
        NDArray ids = tokens.getDataType() == DataType.INT64 ? tokens : tokens.toType(DataType.INT64, false);
        return pass(ids, CausalMask.of(step, time, past, attentionMask, contextLength(), TYPE), cache, adapters);
    }

    /** What every architecture's pass shares: the layer count, and the head: the final norm, then the LM head. */
    abstract class Blocks implements BlockPass {
        @Override
        public int blockCount() {
            return layers;
        }

        @Override
        public NDArray head(NDArray hidden) {
            if (!lmHead) {
                throw new IllegalStateException("this " + config.architecture()
                        + " was loaded as a backbone, without its LM head");
            }
            return Autocast.linear(finalNorm(hidden), HfDecoder.this.head(), null);
        }
    }

    static AttentionContext context(CausalMask mask, double scale) {
        return new AttentionContext(mask.bias(), mask.bias().getManager().full(new Shape(), (float) scale, TYPE));
    }

    @Override
    public KvCache newCache(NDManager manager) {
        return new KvCache(manager, layers, contextLength());
    }

    @Override
    public List<NamedParameter> parameters() {
        return weights.parameters();
    }

    @Override
    public void zeroGradients() {
        weights.zeroGradients();
    }

    @Override
    public void save(Path dir) throws IOException {
        write(dir, false);
    }

    /** float32 weights, with the source dtypes in {@link SourceDtypes#FILE} so that a later {@link #save} writes them. */
    @Override
    public void saveExact(Path dir) throws IOException {
        write(dir, true);
        SourceDtypes.write(dir, weights.sourceDtypes());
    }

    private void write(Path dir, boolean exact) throws IOException {
        Files.createDirectories(dir);
        weights.write(dir.resolve(CheckpointWeights.SINGLE_FILE), exact);
        // an index left from a sharded checkpoint in this folder would win over the file just written
        Files.deleteIfExists(dir.resolve(CheckpointWeights.INDEX_FILE));
        Files.writeString(dir.resolve(HfConfigReader.CONFIG_FILE), config.sourceJson());
    }

    @Override
    public int managedArrayCount() {
        return weights.managedArrayCount();
    }

    @Override
    public void close() {
        weights.close();
    }
}
