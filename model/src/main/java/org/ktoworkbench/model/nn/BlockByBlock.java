package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;

import java.util.List;
import java.util.function.Supplier;

/**
 * A forward pass without autograd that frees as it goes: each block's intermediate arrays are closed when the block
 * is done (DJL keeps every array a pass makes alive in its manager until closed, gradient or not), so at any time
 * one block's activations live instead of the whole pass's.
 */
final class BlockByBlock {
    private BlockByBlock() {}

    /** The result of {@code work}, every other array it made closed. */
    static NDArray keepOnly(Supplier<NDArray> work) {
        try (NDScope scope = new NDScope()) {
            NDArray result = work.get();
            NDScope.unregister(result);
            return result;
        }
    }

    /**
     * The hidden state after the last block, with autograd off. The input of every block is added to
     * {@code blockInputs} when that is not null (the caller closes them), else closed once the block has read it.
     */
    static NDArray lastHidden(BlockPass pass, List<NDArray> blockInputs) {
        return GradMode.withoutGradient(() -> {
            NDArray x = keepOnly(pass::embed);
            for (int i = 0; i < pass.blockCount(); i++) {
                int index = i;
                NDArray input = x;
                x = keepOnly(() -> pass.block(index, input));
                if (blockInputs != null) {
                    blockInputs.add(input);
                } else {
                    input.close();
                }
            }
            return x;
        });
    }
}
