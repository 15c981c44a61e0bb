package org.ktoworkbench.model.kto;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.ktoworkbench.model.ndarray.ConstantArrays;

import java.util.stream.IntStream;

/**
 * The KTO objective over one micro-batch, as TRL's {@code KTOTrainer.kto_loss} computes it.
 *
 * <pre>
 *   r_i  = log π_θ(y_i|x_i) − log π_ref(y_i|x_i)
 *   z0   = max(0, mean_j(log π_θ(y'_j|x_j) − log π_ref(y'_j|x_j)))      detached; 0 for APO
 *   desirable row:    λ_D · (1 − σ(β (r_i − z0)))                       APO: 1 − σ(β r_i)
 *   undesirable row:  λ_U · (1 − σ(β (z0 − r_i)))                       APO: σ(β r_i)
 *   loss = mean over all rows of those weighted terms
 * </pre>
 *
 * Both sides are computed in one vectorised expression, λ_i · (1 − σ(s_i β (r_i − z0))) with
 * s_i = +1 for desirable and −1 for undesirable rows: for APO's undesirable rows (z0 = 0) that is
 * 1 − σ(−β r_i) = σ(β r_i). So no row selection sits on the gradient path.
 *
 * <p>λ weights apply to APO too: TRL multiplies the chosen and rejected losses by
 * {@code desirable_weight} / {@code undesirable_weight} when it concatenates them, after the
 * loss-type branch, for every loss type. TRL then takes the mean of the concatenation (chosen
 * first), which equals our mean in row order.
 *
 * <p>All arrays this creates live in {@code policyLogps}' manager: keep it open until
 * {@code backward()} has run (see {@link ConstantArrays}).
 */
public final class KtoLoss {
    private KtoLoss() {}

    /**
     * @param loss            scalar, the mean of the weighted per-row terms; gradient flows to the policy log-probs
     * @param chosenRewards   β·r of the desirable rows in row order (detached; empty when there are none)
     * @param rejectedRewards β·r of the undesirable rows in row order (detached; empty when there are none)
     * @param kl              scalar z0 after the clamp (detached); 0 for APO_ZERO_UNPAIRED
     */
    public record Result(NDArray loss, NDArray chosenRewards, NDArray rejectedRewards, NDArray kl) {}

    /**
     * @param policyLogps      1-D, per-row summed completion log-probs under the policy (gradient path)
     * @param referenceLogps   1-D, the same under the reference model (constant)
     * @param policyKlLogps    1-D, policy log-probs of the mismatched KL pairs; may be null for APO
     * @param referenceKlLogps 1-D, reference log-probs of the mismatched KL pairs; may be null for APO
     * @param desirable        label of each row, in row order
     * @param params           β, λ_D, λ_U and the loss type
     */
    public static Result compute(NDArray policyLogps, NDArray referenceLogps, NDArray policyKlLogps,
                                 NDArray referenceKlLogps, boolean[] desirable, KtoParams params) {
        validate(policyLogps, referenceLogps, policyKlLogps, referenceKlLogps, desirable, params);
        NDManager manager = policyLogps.getManager();
        DataType type = policyLogps.getDataType();

        NDArray logRatios = policyLogps.sub(referenceLogps.stopGradient());
        NDArray kl = params.lossType().needsKlPairs()
                ? klReferencePoint(policyKlLogps, referenceKlLogps, manager, type)
                : ConstantArrays.scalar(manager, 0.0, type);

        NDArray beta = ConstantArrays.scalar(manager, params.beta(), type);
        NDArray one = ConstantArrays.scalar(manager, 1.0, type);
        NDArray sign = ConstantArrays.vector(manager, perRow(desirable, 1.0, -1.0), type);
        NDArray weight = ConstantArrays.vector(manager,
                perRow(desirable, params.desirableWeight(), params.undesirableWeight()), type);

        NDArray value = Activation.sigmoid(logRatios.sub(kl).mul(sign).mul(beta));
        NDArray loss = one.sub(value).mul(weight).mean();

        NDArray rewards = logRatios.stopGradient().mul(beta);
        return new Result(loss,
                select(rewards, rowsWhere(desirable, true), manager, type),
                select(rewards, rowsWhere(desirable, false), manager, type),
                kl);
    }

    /** z0 = max(0, mean(policyKL − referenceKL)): average, then clamp; no gradient. */
    private static NDArray klReferencePoint(NDArray policyKl, NDArray referenceKl, NDManager manager,
                                            DataType type) {
        NDArray mean = policyKl.stopGradient().sub(referenceKl.stopGradient()).mean();
        return mean.maximum(ConstantArrays.scalar(manager, 0.0, type));
    }

    private static double[] perRow(boolean[] desirable, double ifDesirable, double ifUndesirable) {
        double[] values = new double[desirable.length];
        for (int i = 0; i < desirable.length; i++) {
            values[i] = desirable[i] ? ifDesirable : ifUndesirable;
        }
        return values;
    }

    private static long[] rowsWhere(boolean[] desirable, boolean label) {
        return IntStream.range(0, desirable.length).filter(i -> desirable[i] == label)
                .mapToLong(i -> i).toArray();
    }

    private static NDArray select(NDArray values, long[] rows, NDManager manager, DataType type) {
        if (rows.length == 0) {
            return manager.create(new Shape(0), type);
        }
        return values.get(manager.create(rows));
    }

    private static void validate(NDArray policy, NDArray reference, NDArray policyKl, NDArray referenceKl,
                                 boolean[] desirable, KtoParams params) {
        if (policy == null || reference == null || desirable == null || params == null) {
            throw new IllegalArgumentException(
                    "policyLogps, referenceLogps, desirable and params must all be given");
        }
        if (params.lossType().paired()) {
            throw new IllegalArgumentException("loss type " + params.lossType() + " trains on preference pairs: it is"
                    + " computed by DpoLoss, not by the per-row KTO loss");
        }
        int rows = desirable.length;
        if (rows == 0) {
            throw new IllegalArgumentException("KTO loss needs at least one row, got an empty batch");
        }
        requireVector("policyLogps", policy, rows);
        requireVector("referenceLogps", reference, rows);
        requireSameType("referenceLogps", reference, policy.getDataType());
        if (params.lossType().needsKlPairs()) {
            if (policyKl == null || referenceKl == null) {
                throw new IllegalArgumentException(
                        "loss type KTO needs policyKlLogps and referenceKlLogps (the mismatched KL pairs)");
            }
            long pairs = policyKl.getShape().isRankOne() ? policyKl.size() : -1;
            if (pairs < 1) {
                throw new IllegalArgumentException("policyKlLogps must be 1-D with at least one KL pair, got shape "
                        + policyKl.getShape());
            }
            requireVector("referenceKlLogps", referenceKl, pairs);
            requireSameType("policyKlLogps", policyKl, policy.getDataType());
            requireSameType("referenceKlLogps", referenceKl, policy.getDataType());
        }
    }

    private static void requireVector(String name, NDArray array, long length) {
        Shape shape = array.getShape();
        if (!shape.isRankOne() || shape.get(0) != length) {
            throw new IllegalArgumentException(
                    name + " must be 1-D with " + length + " entries (one per row), got shape " + shape);
        }
    }

    private static void requireSameType(String name, NDArray array, DataType expected) {
        if (array.getDataType() != expected) {
            throw new IllegalArgumentException(name + " has type " + array.getDataType()
                    + " but policyLogps has " + expected + ": pass all log-probs in one type");
        }
    }
}
