package org.ktoworkbench.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A decoder-only language model. Token arrays are integer [B, T]; logits come back as [B, T, V] in the
 * model's floating type, in the manager of the token array (so a per-step manager frees them).
 */
public interface CausalLm extends AutoCloseable {

    /** Longest sequence (prompt and generated tokens together) the model accepts. */
    int contextLength();

    /** Rows of the output logits: token ids are 0 .. vocabSize() - 1. */
    int vocabSize();

    /** Logits for every position of a batch of sequences that start at position 0 and carry no left padding. */
    NDArray logits(NDArray tokens);

    /**
     * Incremental form used for generation, shaped like Hugging Face's forward: {@code tokens} [B, T] are
     * appended after the {@code cache.length()} tokens already in {@code cache} (which this call extends);
     * {@code attentionMask} [B, cache.length() + T] marks real tokens with 1 and padding with 0, or is
     * null when there is no padding. Positions count real tokens only, so left padding is allowed.
     */
    NDArray logits(NDArray tokens, NDArray attentionMask, KvCache cache);

    /**
     * The full-sequence pass of {@link #logits(NDArray)} cut at the transformer blocks, for gradient checkpointing;
     * its arrays live in the manager of {@code tokens}.
     */
    BlockPass blockPass(NDArray tokens);

    /** An empty cache for {@link #logits(NDArray, NDArray, KvCache)}, its arrays kept in {@code manager}. */
    KvCache newCache(NDManager manager);

    /** The trainable arrays, in a fixed order. */
    List<NamedParameter> parameters();

    /** Trainable scalars in {@link #parameters()}; an output projection tied to the embedding counts once. */
    default long parameterCount() {
        return parameters().stream().mapToLong(p -> p.value().size()).sum();
    }

    /** Zeroes the accumulated gradients of every parameter (DJL accumulates across backward passes). */
    void zeroGradients();

    /**
     * The frozen KTO reference model: a deep copy whose arrays do not require gradients, or, for a LoRA model, its base
     * with the adapters switched off (sharing the weights, no copy; closing it frees nothing).
     */
    CausalLm frozenCopy();

    /** Writes {@code dir/config.json} and {@code dir/model.safetensors}. */
    void save(Path dir) throws IOException;

    /**
     * Writes the model so that loading it gives exactly these values again (a training checkpoint): {@link #save}
     * unless the model saves in a narrower type than it computes in.
     */
    default void saveExact(Path dir) throws IOException {
        save(dir);
    }

    /**
     * Arrays owned by the model's own manager: its parameters (and an optimizer's moments kept there), constant
     * from step to step unless a forward pass leaks arrays into it.
     */
    int managedArrayCount();

    @Override
    void close();
}
