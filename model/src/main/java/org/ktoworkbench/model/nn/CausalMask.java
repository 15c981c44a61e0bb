package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Positions and the additive attention bias of one forward pass, shared by every decoder: queries see
 * earlier keys only, padding keys are hidden, and positions count real tokens (so left padding is allowed).
 *
 * @param positions INT64 position of each new token: [T] without an attention mask, [B, T] with one
 * @param bias      0 where a query may see a key, a large negative number where not; [T, Tk] or [B, 1, T, Tk]
 */
public record CausalMask(NDArray positions, NDArray bias) {
    /** Subtracted from the score of a hidden key: finite, so fully hidden rows (left padding) give no NaN. */
    private static final float HIDDEN_PENALTY = 1e9f;

    /**
     * @param time          new tokens in this pass
     * @param past          tokens already in the KV cache
     * @param attentionMask [B, past + time] with 1 for real tokens and 0 for padding, or null
     * @param maxPosition   positions are clipped below this (padding rows would otherwise run past it)
     */
    public static CausalMask of(NDManager step, int time, int past, NDArray attentionMask, int maxPosition,
                                DataType dataType) {
        int total = past + time;
        NDArray keyPositions = step.arange(0, total, 1, DataType.INT64);
        NDArray queryPositions = keyPositions.get(past + ":").reshape(time, 1);
        NDArray allowed = keyPositions.reshape(1, total).lte(queryPositions); // [T, Tk] causal
        NDArray positions;
        if (attentionMask == null) {
            positions = queryPositions.reshape(time);
        } else {
            NDArray real = attentionMask.toType(DataType.INT64, false);
            allowed = allowed.expandDims(0).logicalAnd(real.expandDims(1).toType(DataType.BOOLEAN, false))
                    .expandDims(1); // [B, 1, T, Tk]
            positions = real.cumSum(1).sub(step.ones(new Shape(), DataType.INT64))
                    .clip(0, maxPosition - 1)
                    .get(":, " + past + ":");
        }
        NDArray bias = allowed.toType(dataType, false)
                .sub(step.ones(new Shape(), dataType))
                .mul(step.full(new Shape(), HIDDEN_PENALTY, dataType)); // 0 where allowed, -penalty where hidden
        return new CausalMask(positions, bias);
    }
}
