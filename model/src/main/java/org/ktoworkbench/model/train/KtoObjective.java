package org.ktoworkbench.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.ktoworkbench.model.kto.KtoLoss;
import org.ktoworkbench.model.kto.KtoMetrics;
import org.ktoworkbench.model.kto.KtoParams;
import org.ktoworkbench.model.kto.MicroBatch;
import org.ktoworkbench.model.ndarray.ConstantArrays;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.GradMode;
import org.ktoworkbench.model.nn.PolicyPass;
import org.ktoworkbench.model.nn.SequenceLogProbs;
import org.ktoworkbench.model.nn.TokenBatch;

import java.util.Map;

/**
 * One KTO micro-batch: the policy forward with gradient on the rows; without gradient, the policy on the mismatched
 * KL pairs (row k's prompt with row k+1's completion) and the reference on both; then {@link KtoLoss}.
 */
final class KtoObjective implements Objective {
    private final CausalLm policy;
    private final ReferenceLogProbs reference;
    private final EncodedRows rows;
    private final KtoParams params;
    private final boolean checkpointing;

    /** @param checkpointing recompute each transformer block in backward ({@link PolicyPass#checkpointed}) */
    KtoObjective(CausalLm policy, ReferenceLogProbs reference, EncodedRows rows, KtoParams params, boolean checkpointing) {
        this.policy = policy;
        this.checkpointing = checkpointing;
        this.reference = reference;
        this.rows = rows;
        this.params = params;
    }

    @Override
    public MicroBatchResult trainOn(MicroBatch batch, NDManager step, double lossScale) {
        Inputs in = constantInputs(batch, step);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            PolicyPass pass = PolicyPass.of(policy, in.batch.inputs(step), checkpointing);
            NDArray policyLogps = SequenceLogProbs.compute(pass.logits(), in.batch, step);
            KtoLoss.Result result = KtoLoss.compute(policyLogps, in.referenceLogps, in.policyKlLogps,
                    in.referenceKlLogps, in.desirable, params);
            NDArray scale = ConstantArrays.scalar(step, lossScale, result.loss().getDataType());
            pass.backward(collector, result.loss().mul(scale));
            return new MicroBatchResult(KtoMetrics.of(result, policyLogps, in.desirable), in.batch.tokenCount());
        }
    }

    @Override
    public MicroBatchResult evaluate(MicroBatch batch, NDManager step) {
        Inputs in = constantInputs(batch, step);
        NDArray policyLogps = SequenceLogProbs.computeWithoutGradient(policy, in.batch, step);
        KtoLoss.Result result = KtoLoss.compute(policyLogps, in.referenceLogps, in.policyKlLogps,
                in.referenceKlLogps, in.desirable, params);
        Map<String, Double> metrics = KtoMetrics.of(result, policyLogps, in.desirable);
        return new MicroBatchResult(metrics, in.batch.tokenCount());
    }

    /** Everything of a micro-batch that carries no gradient: the packed rows, labels and the three no-grad passes. */
    private Inputs constantInputs(MicroBatch batch, NDManager step) {
        int[] r = batch.rows();
        int[] kl = batch.klCompletionRows();
        TokenBatch packed = rows.pack(r, r);
        boolean needsKl = params.lossType().needsKlPairs();
        return GradMode.withoutGradient(() -> new Inputs(packed, rows.desirable(r),
                reference.of(r, r, step),
                needsKl ? SequenceLogProbs.computeWithoutGradient(policy, rows.pack(r, kl), step) : null,
                needsKl ? reference.of(r, kl, step) : null));
    }

    private record Inputs(TokenBatch batch, boolean[] desirable, NDArray referenceLogps, NDArray policyKlLogps,
                          NDArray referenceKlLogps) {}
}
