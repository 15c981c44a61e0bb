package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;

import java.util.ArrayList;
import java.util.List;

/**
 * Gradient checkpointing without a custom autograd function (DJL has none). Forward: the embeddings and every block
 * with autograd off, each block's intermediate arrays closed as soon as the block is done, keeping only the block
 * inputs; the head runs with gradient on the last hidden state, detached. Backward: the loss's backward gives the
 * head's parameter gradients and d loss / d (last hidden state); then for each block from the last, the block is run
 * again with gradient on its stored input and backward of sum(output · upstream gradient) adds the block's parameter
 * gradients and gives the gradient of its input, which is the next upstream gradient; last the embeddings the same way.
 * At any time one block's activations live, plus the block inputs ([B, T, d] each) and the head's.
 */
final class CheckpointedPass implements PolicyPass {
    private final BlockPass pass;
    private final List<NDArray> blockInputs = new ArrayList<>();
    private final NDArray lastHidden;
    private final NDArray logits;

    CheckpointedPass(BlockPass pass) {
        this.pass = pass;
        lastHidden = BlockByBlock.lastHidden(pass, blockInputs);
        lastHidden.setRequiresGradient(true);
        logits = pass.head(lastHidden);
    }

    @Override
    public NDArray logits() {
        return logits;
    }

    @Override
    public void backward(GradientCollector collector, NDArray loss) {
        collector.backward(loss);
        NDArray upstream = lastHidden.getGradient();
        for (int i = pass.blockCount() - 1; i >= 0; i--) {
            NDArray input = blockInputs.get(i);
            try (NDScope scope = new NDScope()) {
                input.setRequiresGradient(true);
                NDArray output = pass.block(i, input);
                collector.backward(output.mul(upstream).sum());
                NDArray inputGradient = input.getGradient();
                NDScope.unregister(inputGradient);
                upstream.close();
                upstream = inputGradient;
            }
            input.close(); // the stored activation is no longer needed
        }
        try (NDScope scope = new NDScope()) {
            if (pass.embeddingsTrain()) collector.backward(pass.embed().mul(upstream).sum());
        }
        upstream.close();
    }
}
