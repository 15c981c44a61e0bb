package org.ktoworkbench.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.ktoworkbench.model.data.PreferencePairs;
import org.ktoworkbench.model.kto.DpoLoss;
import org.ktoworkbench.model.kto.DpoMetrics;
import org.ktoworkbench.model.kto.MicroBatch;
import org.ktoworkbench.model.ndarray.ConstantArrays;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.GradMode;
import org.ktoworkbench.model.nn.PolicyPass;
import org.ktoworkbench.model.nn.SequenceLogProbs;
import org.ktoworkbench.model.nn.TokenBatch;

import java.util.Arrays;

/**
 * One DPO micro-batch. The batch's entries are pair numbers ({@link PreferencePairs}), not rows: the batcher shuffles
 * and cuts pairs as it does rows for KTO, so a pair batch is checkpointed and resumed the same way. As TRL's
 * {@code concatenated_forward}, the chosen and the rejected rows go through the policy in one batch (chosen first) with
 * gradient, and through the reference without; then {@link DpoLoss}.
 */
final class DpoObjective implements Objective {
    private final CausalLm policy;
    private final ReferenceLogProbs reference;
    private final EncodedRows rows;
    private final PreferencePairs pairs;
    private final double beta;
    private final boolean checkpointing;

    /** @param checkpointing recompute each transformer block in backward ({@link PolicyPass#checkpointed}) */
    DpoObjective(CausalLm policy, ReferenceLogProbs reference, EncodedRows rows, PreferencePairs pairs, double beta,
                 boolean checkpointing) {
        this.policy = policy;
        this.checkpointing = checkpointing;
        this.reference = reference;
        this.rows = rows;
        this.pairs = pairs;
        this.beta = beta;
    }

    @Override
    public MicroBatchResult trainOn(MicroBatch batch, NDManager step, double lossScale) {
        Inputs in = constantInputs(batch, step);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            PolicyPass pass = PolicyPass.of(policy, in.batch.inputs(step), checkpointing);
            NDList policyLogps = SequenceLogProbs.compute(pass.logits(), in.batch, step).split(2);
            DpoLoss.Result result = lossOf(policyLogps, in.referenceLogps);
            NDArray scale = ConstantArrays.scalar(step, lossScale, result.loss().getDataType());
            pass.backward(collector, result.loss().mul(scale));
            return new MicroBatchResult(DpoMetrics.of(result, policyLogps.get(0), policyLogps.get(1)),
                    in.batch.tokenCount());
        }
    }

    @Override
    public MicroBatchResult evaluate(MicroBatch batch, NDManager step) {
        Inputs in = constantInputs(batch, step);
        NDList policyLogps = SequenceLogProbs.computeWithoutGradient(policy, in.batch, step).split(2);
        DpoLoss.Result result = lossOf(policyLogps, in.referenceLogps);
        return new MicroBatchResult(DpoMetrics.of(result, policyLogps.get(0), policyLogps.get(1)), in.batch.tokenCount());
    }

    private DpoLoss.Result lossOf(NDList policyLogps, NDList referenceLogps) {
        return DpoLoss.compute(policyLogps.get(0), policyLogps.get(1), referenceLogps.get(0), referenceLogps.get(1), beta);
    }

    /** The chosen rows then the rejected rows of the batch's pairs, packed, with their reference log-probs. */
    private Inputs constantInputs(MicroBatch batch, NDManager step) {
        int[] chosen = pairs.chosen(batch.rows());
        int[] rejected = pairs.rejected(batch.rows());
        int[] both = Arrays.copyOf(chosen, chosen.length + rejected.length);
        System.arraycopy(rejected, 0, both, chosen.length, rejected.length);
        TokenBatch packed = rows.pack(both, both);
        return GradMode.withoutGradient(() -> new Inputs(packed, reference.of(both, both, step).split(2)));
    }

    private record Inputs(TokenBatch batch, NDList referenceLogps) {}
}
