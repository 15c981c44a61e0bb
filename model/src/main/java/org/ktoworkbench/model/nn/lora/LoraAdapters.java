package org.ktoworkbench.model.nn.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.ktoworkbench.model.hf.SafetensorsDtype;
import org.ktoworkbench.model.hf.SafetensorsWriter;
import org.ktoworkbench.model.nn.Autocast;
import org.ktoworkbench.model.nn.NamedParameter;
import org.ktoworkbench.model.nn.hf.Projection;
import org.ktoworkbench.model.nn.hf.ProjectionAdapters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The A [r, in] and B [out, r] matrices of one LoRA adapter, float32 in their own manager, under PEFT's tensor names
 * ({@code base_model.model.<module>.lora_A.weight}). Each targeted projection gets (alpha / r)·B·A·dropout(x) added
 * to its output; dropout only on passes that record gradients (the training forward).
 */
final class LoraAdapters implements ProjectionAdapters, AutoCloseable {
    static final String PREFIX = "base_model.model.";

    private record Pair(NDArray a, NDArray b) {}

    private final NDManager manager = NDManager.newBaseManager();
    private final Map<String, Pair> byModule = new LinkedHashMap<>();
    private final List<NamedParameter> parameters = new ArrayList<>();
    private final NDArray scale;
    private final float dropout;

    private LoraAdapters(LoraSpec spec) {
        scale = manager.full(new Shape(), (float) spec.scale(), DataType.FLOAT32); // kept alive: on the gradient path
        dropout = (float) spec.dropout();
    }

    static String nameA(String module) {
        return PREFIX + module + ".lora_A.weight";
    }

    static String nameB(String module) {
        return PREFIX + module + ".lora_B.weight";
    }

    /**
     * Fresh adapters on the projections {@code spec} targets: A drawn as PEFT draws it (kaiming_uniform_ with
     * a = sqrt(5), i.e. U(−1/sqrt(in), 1/sqrt(in))) from a generator seeded with {@code seed}, B zeros, so that the
     * adapted model starts equal to its base.
     */
    static LoraAdapters fresh(List<Projection> projections, LoraSpec spec, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return build(projections, spec, (module, shape, isA) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            if (isA) {
                double bound = 1.0 / Math.sqrt(shape.get(1));
                for (int i = 0; i < values.length; i++) values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
            }
            return values;
        });
    }

    /** Adapters with the values {@code tensors} holds by PEFT name; a missing or misshapen tensor is an IOException. */
    static LoraAdapters of(List<Projection> projections, LoraSpec spec, Map<String, float[]> tensors, Path file)
            throws IOException {
        try {
            return build(projections, spec, (module, shape, isA) -> {
                String name = isA ? nameA(module) : nameB(module);
                float[] values = tensors.get(name);
                if (values == null || values.length != shape.size()) {
                    throw new IllegalStateException(file + ": " + (values == null ? "no tensor " + name
                            : "tensor " + name + " holds " + values.length + " values, expected shape " + shape));
                }
                return values;
            });
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private interface Values {
        float[] of(String module, Shape shape, boolean isA);
    }

    private static LoraAdapters build(List<Projection> projections, LoraSpec spec, Values values) {
        LoraAdapters adapters = new LoraAdapters(spec);
        try {
            for (Projection p : projections) {
                if (!spec.targets().contains(p.target())) continue;
                Shape aShape = new Shape(spec.rank(), p.inFeatures());
                Shape bShape = new Shape(p.outFeatures(), spec.rank());
                NDArray a = adapters.parameter(nameA(p.module()), aShape, values.of(p.module(), aShape, true));
                NDArray b = adapters.parameter(nameB(p.module()), bShape, values.of(p.module(), bShape, false));
                adapters.byModule.put(p.module(), new Pair(a, b));
            }
        } catch (RuntimeException e) {
            adapters.close();
            throw e;
        }
        return adapters;
    }

    private NDArray parameter(String name, Shape shape, float[] values) {
        NDArray array = manager.create(values, shape);
        array.setName(name);
        array.setRequiresGradient(true);
        parameters.add(new NamedParameter(name, array, true));
        return array;
    }

    @Override
    public NDArray delta(Projection projection, NDArray input) {
        Pair pair = byModule.get(projection.module());
        if (pair == null) return null;
        NDArray x = dropout > 0 && JniUtils.isGradMode() ? Dropout.dropout(input, dropout, true).singletonOrThrow() : input;
        NDArray down = Autocast.linear(x, pair.a(), null);
        return Autocast.linear(down, pair.b(), null).mul(scale);
    }

    /** scale·B·A [out, in] of {@code module}, or null when it has no adapter: the update a merge adds to W (transposed for Conv1D). */
    NDArray update(String module) {
        Pair pair = byModule.get(module);
        if (pair == null) return null;
        return pair.b().stopGradient().matMul(pair.a().stopGradient()).mul(scale);
    }

    List<NamedParameter> parameters() {
        return List.copyOf(parameters);
    }

    void zeroGradients() {
        for (NamedParameter p : parameters) {
            if (p.value().hasGradient()) JniUtils.zeroGrad((PtNDArray) p.value());
        }
    }

    /** Writes every A and B in float32 under its PEFT name. */
    void write(Path file) throws IOException {
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        for (NamedParameter p : parameters) {
            NDArray value = p.value();
            tensors.add(new SafetensorsWriter.Tensor(p.name(), SafetensorsDtype.F32, value.getShape().getShape(), () -> {
                try (NDArray detached = value.stopGradient()) {
                    return detached.toFloatArray();
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
