package org.ktoworkbench.model.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.ktoworkbench.model.kto.MicroBatch;
import org.ktoworkbench.model.ndarray.ConstantArrays;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.GradMode;
import org.ktoworkbench.model.nn.PolicyPass;
import org.ktoworkbench.model.nn.SequenceLogProbs;
import org.ktoworkbench.model.nn.TokenBatch;

import java.util.Map;

/** Supervised fine-tuning: mean cross-entropy over the completion tokens of the batch. */
final class SftObjective implements Objective {
    private final CausalLm policy;
    private final EncodedRows rows;
    private final boolean checkpointing;

    /** @param checkpointing recompute each transformer block in backward ({@link PolicyPass#checkpointed}) */
    SftObjective(CausalLm policy, EncodedRows rows, boolean checkpointing) {
        this.policy = policy;
        this.checkpointing = checkpointing;
        this.rows = rows;
    }

    @Override
    public MicroBatchResult trainOn(MicroBatch batch, NDManager step, double lossScale) {
        TokenBatch packed = rows.pack(batch.rows(), batch.rows());
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            PolicyPass pass = PolicyPass.of(policy, packed.inputs(step), checkpointing);
            NDArray loss = SequenceLogProbs.meanNll(pass.logits(), packed, step);
            NDArray scale = ConstantArrays.scalar(step, lossScale, loss.getDataType());
            pass.backward(collector, loss.mul(scale));
            return new MicroBatchResult(Map.of("loss", (double) loss.getFloat()), packed.tokenCount());
        }
    }

    @Override
    public MicroBatchResult evaluate(MicroBatch batch, NDManager step) {
        TokenBatch packed = rows.pack(batch.rows(), batch.rows());
        NDArray loss = GradMode.withoutGradient(() -> SequenceLogProbs.meanNll(policy, packed, step));
        return new MicroBatchResult(Map.of("loss", (double) loss.getFloat()), packed.tokenCount());
    }
}
