package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;

/**
 * A forward pass with gradient inside a {@link GradientCollector}, and the backward from a loss over its logits into
 * the model's parameter gradients. {@link #full} keeps every activation for backward (the autograd graph of the whole
 * pass); {@link #checkpointed} keeps only each transformer block's input and recomputes the block in backward.
 */
public interface PolicyPass {

    /** [B, T, V] logits of the pass, attached to the autograd graph. */
    NDArray logits();

    /** Accumulates d loss / d parameter into the parameters' gradients; call once, inside the collector. */
    void backward(GradientCollector collector, NDArray loss);

    /** The plain pass: one graph over the whole model. */
    static PolicyPass full(CausalLm model, NDArray tokens) {
        NDArray logits = model.logits(tokens);
        return new PolicyPass() {
            @Override
            public NDArray logits() {
                return logits;
            }

            @Override
            public void backward(GradientCollector collector, NDArray loss) {
                collector.backward(loss);
            }
        };
    }

    /** Gradient checkpointing: see {@link CheckpointedPass}. */
    static PolicyPass checkpointed(CausalLm model, NDArray tokens) {
        return new CheckpointedPass(model.blockPass(tokens));
    }

    /** {@link #checkpointed} when {@code recomputeBlocks}, else {@link #full}. */
    static PolicyPass of(CausalLm model, NDArray tokens, boolean recomputeBlocks) {
        return recomputeBlocks ? checkpointed(model, tokens) : full(model, tokens);
    }
}
