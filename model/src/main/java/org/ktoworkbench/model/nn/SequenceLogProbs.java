package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ktoworkbench.model.ndarray.DifferentiableCast;

/**
 * Log-probabilities of completions under a model. The KTO objective uses the per-sequence SUM over
 * completion tokens (never a length average); SFT uses the mean negative log-likelihood per completion
 * token. Works inside a GradientCollector (policy) and outside one (reference, KL pass). Results live in
 * {@code manager}.
 */
public final class SequenceLogProbs {
    /**
     * Rows whose log-probs are computed once and reused (cached reference log-probs, {@code score}) are computed in
     * fixed chunks of this many consecutive rows: a sum moves in its last bits with the batch it is computed in.
     */
    public static final int FIXED_CHUNK = 16;
    private SequenceLogProbs() {}

    /** [B, T] float32: log p(target | prefix) at completion positions, 0 at prompt and padding positions. */
    public static NDArray tokenLogProbs(CausalLm model, TokenBatch batch, NDManager manager) {
        return tokenLogProbs(model.logits(batch.inputs(manager)), batch, manager);
    }

    /** As {@link #tokenLogProbs(CausalLm, TokenBatch, NDManager)} from the model's logits of the batch's inputs. */
    public static NDArray tokenLogProbs(NDArray logits, TokenBatch batch, NDManager manager) {
        if (logits.getDataType() != DataType.FLOAT64) {
            logits = DifferentiableCast.to(logits, DataType.FLOAT32); // float16 under Autocast: log-softmax in float32
        }
        NDArray targets = batch.targets(manager).toType(DataType.INT64, false).expandDims(2);
        NDArray picked = logits.logSoftmax(2).gather(targets, 2).squeeze(2);
        NDArray completion = batch.completionMask(manager).toType(DataType.BOOLEAN, false);
        // where, not a multiply: a -inf log-prob at a masked position must not turn the sum into NaN
        return NDArrays.where(completion, picked, picked.zerosLike());
    }

    /** [B] float32 (float64 for a float64 model): sum of completion-token log-probs per sequence. */
    public static NDArray compute(CausalLm model, TokenBatch batch, NDManager manager) {
        return tokenLogProbs(model, batch, manager).sum(new int[] {1});
    }

    /** As {@link #compute(CausalLm, TokenBatch, NDManager)} from the model's logits of the batch's inputs. */
    public static NDArray compute(NDArray logits, TokenBatch batch, NDManager manager) {
        return tokenLogProbs(logits, batch, manager).sum(new int[] {1});
    }

    /** Scalar: {@link #meanNll(CausalLm, TokenBatch, NDManager)} from the model's logits of the batch's inputs. */
    public static NDArray meanNll(NDArray logits, TokenBatch batch, NDManager manager) {
        if (batch.completionTokenCount() == 0) {
            throw new IllegalArgumentException("batch has no completion tokens");
        }
        NDArray total = tokenLogProbs(logits, batch, manager).sum();
        return total.div(manager.full(new Shape(), -batch.completionTokenCount(), total.getDataType()));
    }

    /**
     * As {@link #compute(CausalLm, TokenBatch, NDManager)} with autograd recording off on this thread (reference model,
     * KL pass, evaluation): no graph is built, and each block's arrays are freed when it is done, so only the result
     * stays in {@code manager}.
     */
    public static NDArray computeWithoutGradient(CausalLm model, TokenBatch batch, NDManager manager) {
        return GradMode.withoutGradient(() -> {
            BlockPass pass = model.blockPass(batch.inputs(manager));
            NDArray last = BlockByBlock.lastHidden(pass, null);
            NDArray logps = BlockByBlock.keepOnly(() -> compute(pass.head(last), batch, manager));
            last.close();
            return logps;
        });
    }

    /** Scalar: mean negative log-likelihood over all completion tokens of the batch (the SFT loss). */
    public static NDArray meanNll(CausalLm model, TokenBatch batch, NDManager manager) {
        return meanNll(model.logits(batch.inputs(manager)), batch, manager);
    }
}
