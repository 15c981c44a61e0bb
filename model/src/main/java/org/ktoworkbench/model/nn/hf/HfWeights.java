package org.ktoworkbench.model.nn.hf;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.ktoworkbench.model.hf.CheckpointWeights;
import org.ktoworkbench.model.hf.SafetensorsDtype;
import org.ktoworkbench.model.hf.SafetensorsFile;
import org.ktoworkbench.model.hf.SafetensorsTensor;
import org.ktoworkbench.model.hf.SafetensorsWriter;
import org.ktoworkbench.model.nn.NamedParameter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

/**
 * The parameters of a Hugging Face decoder under their checkpoint names: float32 arrays in the model's
 * own manager, read from a checkpoint (requiring gradients), drawn from a seeded generator (requiring
 * gradients) or copied from another model (frozen), with the dtype each tensor had on disk so that saving
 * writes it back in that dtype (F32 for drawn ones).
 */
final class HfWeights implements AutoCloseable {
    /** Buffers some checkpoints carry that are recomputed, not learned (causal masks, RoPE frequencies). */
    private static final Pattern BUFFERS = Pattern.compile(
            ".*\\.(attn\\.bias|attn\\.masked_bias|attention\\.bias|attention\\.masked_bias|rotary_emb\\.inv_freq)");

    /** transformers' default initializer_range. */
    private static final double INIT_STD = 0.02;

    private final NDManager manager;
    private final CheckpointWeights checkpoint;
    private final Map<String, NDArray> copies;
    private final SplittableRandom random;
    private final Map<String, SafetensorsDtype> dtypes;
    private final boolean trainable;
    private final List<NamedParameter> parameters = new ArrayList<>();

    private final Map<String, SafetensorsDtype> declaredDtypes;

    private HfWeights(NDManager manager, CheckpointWeights checkpoint, Map<String, NDArray> copies,
                      SplittableRandom random, Map<String, SafetensorsDtype> dtypes, boolean trainable,
                      Map<String, SafetensorsDtype> declaredDtypes) {
        this.manager = manager;
        this.checkpoint = checkpoint;
        this.copies = copies;
        this.random = random;
        this.dtypes = dtypes;
        this.trainable = trainable;
        this.declaredDtypes = declaredDtypes;
    }

    /**
     * @param sourceDtypes the dtype each tensor had in the model a training checkpoint was made from (its files hold
     *                     float32), which saving writes again; empty for an ordinary checkpoint
     */
    static HfWeights reading(CheckpointWeights checkpoint, Map<String, SafetensorsDtype> sourceDtypes, Device device) {
        return new HfWeights(NDManager.newBaseManager(device), checkpoint, null, null, new LinkedHashMap<>(), true,
                sourceDtypes);
    }

    /** As {@link #reading}, not requiring gradients: a model that is only run (a reward model judge). */
    static HfWeights readingFrozen(CheckpointWeights checkpoint) {
        return new HfWeights(NDManager.newBaseManager(), checkpoint, null, null, new LinkedHashMap<>(), false, Map.of());
    }

    /**
     * Fresh weights as transformers' {@code _init_weights} draws them: matrices N(0, 0.02), norm gains (the
     * only one-dimensional {@code .weight} tensors of these architectures) 1, biases 0. The same seed and
     * architecture always give the same values, on any machine.
     */
    static HfWeights random(long seed) {
        return new HfWeights(NDManager.newBaseManager(), null, null, new SplittableRandom(seed), new LinkedHashMap<>(),
                true, Map.of());
    }

    /** Whether the source holds {@code name} (an untied lm_head, a GPT-2 file's name prefix). */
    boolean has(String name) {
        if (checkpoint != null) {
            return checkpoint.contains(name);
        }
        return copies != null && copies.containsKey(name); // drawn weights take the names transformers saves
    }

    /** The parameter {@code name} of exactly {@code shape}; matrices get weight decay, vectors not. */
    NDArray take(String name, long... shape) throws IOException {
        return take(name, shape.length >= 2, shape);
    }

    NDArray take(String name, boolean decay, long... shape) throws IOException {
        NDArray array;
        if (checkpoint != null) {
            SafetensorsTensor tensor = checkpoint.require(name, shape);
            array = manager.create(SafetensorsFile.readFloats(tensor), new Shape(shape));
            dtypes.put(name, declaredDtypes.getOrDefault(name, tensor.dtype()));
        } else if (random != null) {
            array = manager.create(draw(name, shape), new Shape(shape));
        } else {
            array = copies.get(name);
        }
        array.setName(name);
        if (trainable) {
            array.setRequiresGradient(true);
        }
        parameters.add(new NamedParameter(name, array, decay));
        return array;
    }

    private float[] draw(String name, long[] shape) {
        float[] values = new float[Math.toIntExact(new Shape(shape).size())];
        if (shape.length >= 2) {
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) (random.nextGaussian() * INIT_STD);
            }
        } else if (name.endsWith(".weight")) {
            Arrays.fill(values, 1f);
        }
        return values;
    }

    /** After construction: fails on tensors in the files that the architecture does not use. */
    void requireAllUsed() throws IOException {
        if (checkpoint == null) {
            return;
        }
        Set<String> unused = checkpoint.unused();
        // a tied model may still carry lm_head.weight (a copy of the embedding); transformers ignores it too
        unused.removeIf(name -> BUFFERS.matcher(name).matches() || name.equals("lm_head.weight"));
        if (!unused.isEmpty()) {
            throw new IOException(checkpoint.dir() + ": unexpected tensors in the weights (not part of this architecture and config): " + unused);
        }
    }

    List<NamedParameter> parameters() {
        return List.copyOf(parameters);
    }

    /** Deep copies in a new manager, not requiring gradients: the source of a frozen copy of the model. */
    HfWeights frozenCopy() {
        NDManager copyManager = NDManager.newBaseManager(manager.getDevice());
        Map<String, NDArray> copied = new LinkedHashMap<>();
        for (NamedParameter p : parameters) {
            try (NDArray detached = p.value().stopGradient()) {
                NDArray copy = detached.duplicate();
                copy.attach(copyManager);
                copied.put(p.name(), copy);
            }
        }
        return new HfWeights(copyManager, null, copied, null, dtypes, false, Map.of());
    }

    void freeze() {
        for (NamedParameter p : parameters) {
            p.value().setRequiresGradient(false);
        }
    }

    void zeroGradients() {
        for (NamedParameter p : parameters) {
            if (p.value().hasGradient()) {
                JniUtils.zeroGrad((PtNDArray) p.value());
            }
        }
    }

    /** The dtype each parameter had in its source files, by checkpoint name. */
    Map<String, SafetensorsDtype> sourceDtypes() {
        return Map.copyOf(dtypes);
    }

    /** Writes every parameter under its checkpoint name and shape, in its source dtype or ({@code exact}) float32. */
    void write(Path file, boolean exact) throws IOException {
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        for (NamedParameter p : parameters) {
            NDArray value = p.value();
            SafetensorsDtype dtype = exact ? SafetensorsDtype.F32 : dtypes.getOrDefault(p.name(), SafetensorsDtype.F32);
            tensors.add(new SafetensorsWriter.Tensor(p.name(), dtype,
                    value.getShape().getShape(), () -> {
                        try (NDArray detached = value.stopGradient()) {
                            return detached.toType(DataType.FLOAT32, false).toFloatArray();
                        }
                    }));
        }
        SafetensorsWriter.write(file, tensors);
    }

    int managedArrayCount() {
        return manager.getManagedArrays().size();
    }

    @Override
    public void close() {
        manager.close();
    }
}
