package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * What every attention layer of one forward pass shares: an additive score bias, 0 for keys a query
 * may see and a large negative number for hidden ones (broadcastable to [B, H, T, Tk]), and the
 * 1/sqrt(headDim) scale. Both are arrays in the step's manager, not Java numbers: DJL's scalar ops are
 * unsafe under autograd.
 */
public record AttentionContext(NDArray bias, NDArray scale) {

    /** softmax(q·kᵀ·scale + bias)·v for [B, H, T, hd] queries and [B, H, Tk, hd] keys and values. */
    public NDArray attend(NDArray query, NDArray key, NDArray value) {
        NDArray scores = Autocast.matMul(query.mul(scale), key.swapAxes(2, 3)); // [B, H, T, Tk]
        return Autocast.matMul(scores.add(bias).softmax(-1), value);
    }
}
