package org.ktoworkbench.model.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in GPT (GPT-2 / nanoGPT layout): learned token and position embeddings, pre-LayerNorm
 * blocks of causal self-attention and a GELU MLP, a final LayerNorm and an output projection tied to the
 * token embedding. Parameters are plain arrays in the model's own manager; every forward pass starts its
 * chains from the input so that activations live in (and are freed with) the caller's manager.
 */
public final class Gpt implements CausalLm {
    private final GptConfig config;
    private final DataType dataType;
    private final NDManager manager;
    private final NDArray tokenEmbedding;
    private final NDArray positionEmbedding;
    private final Block[] blocks;
    private final LayerNormParams finalNorm;
    private final List<NamedParameter> parameters;

    private Gpt(GptConfig config, DataType dataType, NDManager manager, ParameterSource source) {
        this.config = config;
        this.dataType = dataType;
        this.manager = manager;
        int d = config.dModel();
        ParameterSource.Init weightInit = new ParameterSource.Normal(0.02);
        // GPT-2: residual projections scaled down by the number of residual additions
        ParameterSource.Init residualInit = new ParameterSource.Normal(0.02 / Math.sqrt(2.0 * config.layers()));
        ParameterList params = new ParameterList(source);
        tokenEmbedding = params.add("wte.weight", new Shape(config.vocabSize(), d), weightInit, true);
        positionEmbedding = params.add("wpe.weight", new Shape(config.contextLength(), d), weightInit, false);
        blocks = new Block[config.layers()];
        for (int i = 0; i < blocks.length; i++) {
            blocks[i] = new Block(params, i, config, weightInit, residualInit);
        }
        finalNorm = new LayerNormParams(params, "ln_f.", d);
        parameters = params.asList();
    }

    /** A freshly initialised float32 model; the same seed always gives the same weights. */
    public static Gpt create(GptConfig config, long seed) {
        return create(config, seed, DataType.FLOAT32);
    }

    /** As {@link #create(GptConfig, long)} with FLOAT32 or FLOAT64 parameters (the latter for gradient checks). */
    public static Gpt create(GptConfig config, long seed, DataType dataType) {
        return create(config, seed, dataType, null);
    }

    /** As {@link #create(GptConfig, long, DataType)} with every array on {@code device} (null: DJL's default). */
    public static Gpt create(GptConfig config, long seed, DataType dataType, Device device) {
        if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT64) {
            throw new IllegalArgumentException("the built-in GPT supports float32 and float64, not " + dataType);
        }
        NDManager manager = NDManager.newBaseManager(device);
        return new Gpt(config, dataType, manager, new SeededInit(manager, dataType, seed));
    }

    /**
     * Loads a model written by {@link #save(Path)}; its parameters require gradients. Missing or
     * unreadable files and tensors that do not fit the config are IOExceptions naming the file and tensor.
     */
    public static Gpt load(Path dir) throws IOException {
        return load(dir, null);
    }

    /** As {@link #load(Path)} with every array on {@code device} (null: DJL's default). */
    public static Gpt load(Path dir, Device device) throws IOException {
        GptConfig config = GptConfig.read(dir.resolve(ModelFiles.CONFIG));
        NDManager manager = NDManager.newBaseManager(device);
        try {
            Map<String, NDArray> arrays = ModelFiles.readWeights(dir.resolve(ModelFiles.WEIGHTS), manager);
            DataType type = arrays.values().iterator().next().getDataType();
            LoadedWeights weights = new LoadedWeights(arrays, dir.resolve(ModelFiles.WEIGHTS).toString(), true);
            Gpt model = new Gpt(config, type, manager, weights);
            weights.requireAllUsed();
            model.requireUniformType(dir.resolve(ModelFiles.WEIGHTS));
            return model;
        } catch (IllegalArgumentException e) { // weights that do not fit the config: a user error, like a bad file
            manager.close();
            throw new IOException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private void requireUniformType(Path file) throws IOException {
        for (NamedParameter p : parameters) {
            if (p.value().getDataType() != dataType || !(dataType == DataType.FLOAT32 || dataType == DataType.FLOAT64)) {
                throw new IOException(file + ": tensor '" + p.name() + "' is " + p.value().getDataType()
                        + "; the built-in GPT needs all tensors float32 or all float64");
            }
        }
    }

    public GptConfig config() {
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

    public DataType dataType() {
        return dataType;
    }

    @Override
    public NDArray logits(NDArray tokens) {
        return forward(tokens, null, null);
    }

    @Override
    public NDArray logits(NDArray tokens, NDArray attentionMask, KvCache cache) {
        return forward(tokens, attentionMask, cache);
    }

    @Override
    public BlockPass blockPass(NDArray tokens) {
        return new Pass(tokens, null, null);
    }

    private NDArray forward(NDArray tokens, NDArray attentionMask, KvCache cache) {
        NDArray logits = new Pass(tokens, attentionMask, cache).run();
        if (cache != null) {
            cache.advance(Math.toIntExact(tokens.getShape().get(1)));
        }
        return logits;
    }

    /** One forward pass: the token ids, the positions and mask they imply, and the cache it extends (or null). */
    private final class Pass implements BlockPass {
        private final NDArray ids;
        private final NDArray positions;
        private final AttentionContext context;
        private final KvCache cache;

        Pass(NDArray tokens, NDArray attentionMask, KvCache cache) {
            NDManager step = tokens.getManager();
            int time = Math.toIntExact(tokens.getShape().get(1));
            int past = cache == null ? 0 : cache.length();
            int total = past + time;
            if (total > config.contextLength()) {
                throw new IllegalArgumentException("sequence of " + total
                        + " tokens is longer than the model's context of " + config.contextLength());
            }
            ids = tokens.getDataType() == DataType.INT64 ? tokens : tokens.toType(DataType.INT64, false);
            CausalMask mask = CausalMask.of(step, time, past, attentionMask, config.contextLength(), dataType);
            positions = mask.positions();
            context = new AttentionContext(mask.bias(),
                    step.full(new Shape(), (float) (1.0 / Math.sqrt(config.headDim())), dataType));
            this.cache = cache;
        }

        @Override
        public NDArray embed() {
            return Embedding.embedding(ids, tokenEmbedding, SparseFormat.DENSE).singletonOrThrow()
                    .add(Embedding.embedding(positions, positionEmbedding, SparseFormat.DENSE).singletonOrThrow());
        }

        @Override
        public int blockCount() {
            return blocks.length;
        }

        @Override
        public NDArray block(int index, NDArray hidden) {
            return blocks[index].forward(hidden, context, cache);
        }

        @Override
        public NDArray head(NDArray hidden) {
            return Autocast.linear(finalNorm.forward(hidden), tokenEmbedding, null);
        }
    }

    @Override
    public KvCache newCache(NDManager cacheManager) {
        return new KvCache(cacheManager, config.layers(), config.contextLength());
    }

    @Override
    public List<NamedParameter> parameters() {
        return parameters;
    }

    @Override
    public void zeroGradients() {
        for (NamedParameter p : parameters) {
            if (p.value().hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) p.value());
            }
        }
    }

    @Override
    public Gpt frozenCopy() {
        NDManager copyManager = NDManager.newBaseManager(manager.getDevice());
        Map<String, NDArray> copies = new LinkedHashMap<>();
        for (NamedParameter p : parameters) {
            try (NDArray detached = p.value().stopGradient()) { // a view, made in this model's manager
                NDArray copy = detached.duplicate();
                copy.attach(copyManager);
                copies.put(p.name(), copy);
            }
        }
        return new Gpt(config, dataType, copyManager, new LoadedWeights(copies, "frozen copy", false));
    }

    @Override
    public void save(Path dir) throws IOException {
        ModelFiles.write(dir, config, parameters);
    }

    @Override
    public int managedArrayCount() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
