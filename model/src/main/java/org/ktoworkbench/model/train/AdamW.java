package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.ktoworkbench.model.ndarray.ConstantArrays;
import org.ktoworkbench.model.nn.NamedParameter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW as {@code torch.optim.AdamW} computes it, with global-norm gradient clipping as HF's Trainer
 * does before each step ({@code clip_grad_norm_}) and decoupled weight decay only on parameters
 * marked {@code decay}:
 *
 * <pre>
 *   g   = grad · min(1, maxGradNorm / (‖grad‖ + 1e-6))        ‖·‖ over all parameters together
 *   p  ← p · (1 − lr·wd)                                       decay parameters only
 *   m  ← β1 m + (1 − β1) g ;  v ← β2 v + (1 − β2) g²
 *   p  ← p − lr/(1 − β1^t) · m / (sqrt(v / (1 − β2^t)) + ε)
 * </pre>
 *
 * Moments live in a manager the optimizer owns; each step's temporaries in a step manager closed at
 * the end. Parameters that received no gradient are skipped, as torch skips {@code grad is None}.
 * A step consumes the gradients: it zeroes them afterwards (also when it throws), so the next
 * backward passes start from zero; between steps they accumulate (gradient accumulation).
 */
public final class AdamW implements AutoCloseable {
    private final List<NamedParameter> parameters;
    private final AdamWConfig config;
    private final NDManager stateManager;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long stepCount;

    public AdamW(List<NamedParameter> parameters, AdamWConfig config) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("AdamW needs at least one parameter");
        }
        this.parameters = List.copyOf(parameters);
        this.config = config;
        this.stateManager = parameters.get(0).value().getManager().newSubManager();
        for (NamedParameter p : this.parameters) {
            if (firstMoments.containsKey(p.name())) {
                throw new IllegalArgumentException("parameter name '" + p.name() + "' appears twice");
            }
            firstMoments.put(p.name(), zerosLike(p.value()));
            secondMoments.put(p.name(), zerosLike(p.value()));
        }
    }

    public AdamWConfig config() {
        return config;
    }

    /** Updates taken so far (t of the bias correction is stepCount + 1 on the next update). */
    public long stepCount() {
        return stepCount;
    }

    /**
     * Clips, then updates every parameter that has a gradient, in place, then zeroes the gradients.
     *
     * @param lr learning rate for this update
     * @return the global gradient norm before clipping (what HF logs as {@code grad_norm})
     * @throws NonFiniteGradientException when that norm is NaN or infinite; weights, moments and step
     *                                    count are unchanged then (the gradients are still zeroed)
     */
    public double step(double lr) throws NonFiniteGradientException {
        return step(lr, 1.0);
    }

    /**
     * As {@link #step(double)} on the gradients times {@code gradientMultiplier} (a loss scaler's unscale factor): the
     * norm, the clipping and the update all see the unscaled gradients, without a scaled copy of them.
     */
    public double step(double lr, double gradientMultiplier) throws NonFiniteGradientException {
        boolean gradMode = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager step = stateManager.newSubManager()) {
            Map<NamedParameter, NDArray> gradients = gradients(step);
            double norm = globalNorm(gradients) * gradientMultiplier;
            if (!Double.isFinite(norm)) {
                throw new NonFiniteGradientException(norm);
            }
            double clipCoefficient = gradientMultiplier
                    * (config.clips() ? Math.min(1.0, config.maxGradNorm() / (norm + 1e-6)) : 1.0);
            long t = stepCount + 1;
            Map<DataType, Coefficients> coefficients = new EnumMap<>(DataType.class);
            for (Map.Entry<NamedParameter, NDArray> entry : gradients.entrySet()) {
                NDArray value = entry.getKey().value();
                Coefficients c = coefficients.computeIfAbsent(value.getDataType(),
                        type -> new Coefficients(step, type, lr, t, clipCoefficient, config));
                update(entry.getKey(), entry.getValue(), c);
            }
            stepCount = t;
            return norm;
        } finally {
            zeroGradients();
            JniUtils.setGradMode(gradMode);
        }
    }

    /** Zeroes the gradients of all parameters (torch accumulates them across backward passes). */
    public void zeroGradients() {
        for (NamedParameter p : parameters) {
            NDArray gradient = gradientOrNull(p.value());
            if (gradient != null) {
                gradient.close(); // a handle of our own, made in the parameter's manager: free it
                JniUtils.zeroGrad((PtNDArray) p.value());
            }
        }
    }

    /** Writes the step count, hyperparameters and moments into {@code directory}. */
    public void save(Path directory) throws IOException {
        AdamWStateFiles.write(directory, new AdamWStateFiles.Header(stepCount, config, names()),
                firstMoments, secondMoments);
    }

    /**
     * An optimizer over {@code parameters} restored from what {@link #save} wrote: same hyperparameters,
     * step count and moments.
     *
     * @throws IOException when the files are missing or do not match the parameters (named in the message)
     */
    public static AdamW load(List<NamedParameter> parameters, Path directory) throws IOException {
        AdamWStateFiles.Header header = AdamWStateFiles.readHeader(directory);
        AdamW optimizer = new AdamW(parameters, header.config());
        try {
            optimizer.stepCount = header.step();
            AdamWStateFiles.readMoments(directory, optimizer.stateManager, optimizer.parameters,
                    optimizer.firstMoments, optimizer.secondMoments);
        } catch (IOException | RuntimeException e) {
            optimizer.close();
            throw e;
        }
        return optimizer;
    }

    @Override
    public void close() {
        stateManager.close();
    }

    private List<String> names() {
        return parameters.stream().map(NamedParameter::name).toList();
    }

    private NDArray zerosLike(NDArray value) {
        return stateManager.zeros(value.getShape(), value.getDataType());
    }

    private Map<NamedParameter, NDArray> gradients(NDManager step) {
        Map<NamedParameter, NDArray> gradients = new LinkedHashMap<>();
        for (NamedParameter p : parameters) {
            NDArray gradient = gradientOrNull(p.value());
            if (gradient != null) {
                gradient.attach(step);
                gradients.put(p, gradient);
            }
        }
        return gradients;
    }

    /** DJL's getGradient() invents float32 zeros for a missing gradient; we want to know it is missing. */
    private static NDArray gradientOrNull(NDArray value) {
        if (!value.hasGradient()) {
            return null;
        }
        return value instanceof PtNDArray pt ? JniUtils.getGradient(pt) : value.getGradient();
    }

    private static double globalNorm(Map<NamedParameter, NDArray> gradients) {
        double sumOfSquares = 0;
        for (NDArray gradient : gradients.values()) {
            sumOfSquares += gradient.toType(DataType.FLOAT64, false).square().sum().getDouble();
        }
        return Math.sqrt(sumOfSquares);
    }

    private void update(NamedParameter parameter, NDArray rawGradient, Coefficients c) {
        NDArray p = parameter.value();
        NDArray m = firstMoments.get(parameter.name());
        NDArray v = secondMoments.get(parameter.name());
        NDArray g = c.clip.mul(rawGradient);
        if (parameter.decay() && config.weightDecay() > 0) {
            p.muli(c.decayFactor);
        }
        m.muli(c.beta1).addi(c.oneMinusBeta1.mul(g));
        v.muli(c.beta2).addi(c.oneMinusBeta2.mul(g).mul(g));
        NDArray denominator = c.inverseBiasCorrection2.mul(v).sqrt().add(c.eps);
        p.subi(c.stepSize.mul(m).div(denominator));
    }

    /** This step's scalars in one dtype, made once and held by the step manager. */
    private static final class Coefficients {
        final NDArray clip;
        final NDArray decayFactor;
        final NDArray beta1;
        final NDArray oneMinusBeta1;
        final NDArray beta2;
        final NDArray oneMinusBeta2;
        final NDArray inverseBiasCorrection2;
        final NDArray stepSize;
        final NDArray eps;

        Coefficients(NDManager step, DataType type, double lr, long t, double clipCoefficient, AdamWConfig config) {
            clip = ConstantArrays.scalar(step, clipCoefficient, type);
            decayFactor = ConstantArrays.scalar(step, 1.0 - lr * config.weightDecay(), type);
            beta1 = ConstantArrays.scalar(step, config.beta1(), type);
            oneMinusBeta1 = ConstantArrays.scalar(step, 1.0 - config.beta1(), type);
            beta2 = ConstantArrays.scalar(step, config.beta2(), type);
            oneMinusBeta2 = ConstantArrays.scalar(step, 1.0 - config.beta2(), type);
            inverseBiasCorrection2 = ConstantArrays.scalar(step, 1.0 / (1.0 - Math.pow(config.beta2(), t)), type);
            stepSize = ConstantArrays.scalar(step, lr / (1.0 - Math.pow(config.beta1(), t)), type);
            eps = ConstantArrays.scalar(step, config.eps(), type);
        }
    }
}
