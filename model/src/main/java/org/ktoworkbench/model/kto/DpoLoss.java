package org.ktoworkbench.model.kto;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import org.ktoworkbench.model.ndarray.ConstantArrays;

/**
 * The DPO objective over a batch of preference pairs, as TRL's {@code DPOTrainer.dpo_loss} computes it for
 * {@code loss_type="sigmoid"} with {@code label_smoothing = 0}.
 *
 * <pre>
 *   logits_i = (log π_θ(y_c|x) − log π_θ(y_r|x)) − (log π_ref(y_c|x) − log π_ref(y_r|x))     pair i
 *   loss     = mean_i −log σ(β · logits_i)
 *   rewards  = β (log π_θ(y|x) − log π_ref(y|x)) of the chosen and of the rejected rows        (detached)
 * </pre>
 *
 * Log-probs are summed over completion tokens, as for {@link KtoLoss}. −log σ(x) is computed as softplus(−x), which
 * stays finite for large |x| where log(σ(x)) would round σ to 0 (as TRL's {@code F.logsigmoid} does); torch's softplus
 * returns its input itself above 20, which is off by less than exp(−20) ≈ 2e-9 on a pair whose loss is above 20.
 *
 * <p>All arrays this creates live in {@code policyChosen}'s manager: keep it open until {@code backward()} has run (see
 * {@link ConstantArrays}).
 */
public final class DpoLoss {
    private DpoLoss() {}

    /**
     * @param loss            scalar, the mean over pairs; gradient flows to the policy log-probs
     * @param chosenRewards   β·(π_c − ref_c) per pair (detached)
     * @param rejectedRewards β·(π_r − ref_r) per pair (detached)
     */
    public record Result(NDArray loss, NDArray chosenRewards, NDArray rejectedRewards) {}

    /**
     * @param policyChosen      1-D, per-pair summed completion log-probs of the chosen rows under the policy
     * @param policyRejected    1-D, the same for the rejected rows
     * @param referenceChosen   1-D, the chosen rows under the reference model (constant)
     * @param referenceRejected 1-D, the rejected rows under the reference model (constant)
     * @param beta              β, the reward scale (TRL default 0.1)
     */
    public static Result compute(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen,
                                 NDArray referenceRejected, double beta) {
        validate(policyChosen, policyRejected, referenceChosen, referenceRejected, beta);
        DataType type = policyChosen.getDataType();
        NDArray b = ConstantArrays.scalar(policyChosen.getManager(), beta, type);

        NDArray chosenRatios = policyChosen.sub(referenceChosen.stopGradient());
        NDArray rejectedRatios = policyRejected.sub(referenceRejected.stopGradient());
        NDArray logits = chosenRatios.sub(rejectedRatios);
        NDArray loss = Activation.softPlus(logits.mul(b).neg()).mean();
        return new Result(loss, chosenRatios.stopGradient().mul(b), rejectedRatios.stopGradient().mul(b));
    }

    private static void validate(NDArray policyChosen, NDArray policyRejected, NDArray referenceChosen,
                                 NDArray referenceRejected, double beta) {
        if (policyChosen == null || policyRejected == null || referenceChosen == null || referenceRejected == null) {
            throw new IllegalArgumentException("DPO loss needs the policy and reference log-probs of chosen and rejected rows");
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be a finite number > 0, got " + beta);
        }
        Shape shape = policyChosen.getShape();
        if (!shape.isRankOne() || shape.get(0) == 0) {
            throw new IllegalArgumentException("policyChosen must be 1-D with one entry per pair, got shape " + shape);
        }
        requireLike("policyRejected", policyRejected, policyChosen);
        requireLike("referenceChosen", referenceChosen, policyChosen);
        requireLike("referenceRejected", referenceRejected, policyChosen);
    }

    private static void requireLike(String name, NDArray array, NDArray policyChosen) {
        if (!array.getShape().equals(policyChosen.getShape())) {
            throw new IllegalArgumentException(name + " must have shape " + policyChosen.getShape()
                    + " (one entry per pair, as policyChosen), got " + array.getShape());
        }
        if (array.getDataType() != policyChosen.getDataType()) {
            throw new IllegalArgumentException(name + " has type " + array.getDataType() + " but policyChosen has "
                    + policyChosen.getDataType() + ": pass all log-probs in one type");
        }
    }
}
