package org.ktoworkbench.model.nn.hf;

import ai.djl.ndarray.NDArray;

/**
 * What a decoder adds to the output of its projections in one forward pass: LoRA's low-rank update, or nothing
 * ({@link #NONE}: the base model).
 */
public interface ProjectionAdapters {
    ProjectionAdapters NONE = (projection, input) -> null;

    /** The term added to {@code projection}'s output for {@code input} [.., in], or null when there is none. */
    NDArray delta(Projection projection, NDArray input);
}
