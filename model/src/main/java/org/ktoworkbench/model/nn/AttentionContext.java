package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;

/**
 * What every attention layer of one forward pass shares: an additive score bias, 0 for keys a query
 * may see and a large negative number for hidden ones (broadcastable to [B, H, T, Tk]), and the
 * 1/sqrt(headDim) scale. Both are arrays in the step's manager, not Java numbers: DJL's scalar ops are
 * unsafe under autograd.
 */
record AttentionContext(NDArray bias, NDArray scale) {}
