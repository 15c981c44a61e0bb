package org.ktoworkbench.model.train;

import ai.djl.ndarray.NDManager;
import org.ktoworkbench.model.kto.MicroBatch;

import java.util.Map;

/** What one phase (SFT or KTO) computes on a micro-batch. */
interface Objective {

    /**
     * Forward and backward for one micro-batch, the loss scaled by {@code lossScale} before backward so that
     * accumulated gradients average over micro-batches. Arrays go in {@code step}, closed by the caller.
     */
    MicroBatchResult trainOn(MicroBatch batch, NDManager step, double lossScale);

    /** The same numbers without gradients, for the eval split. */
    MicroBatchResult evaluate(MicroBatch batch, NDManager step);

    record MicroBatchResult(Map<String, Double> metrics, long tokens) {}
}
