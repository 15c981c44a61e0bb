package org.ktoworkbench.model.nn.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.ktoworkbench.model.nn.BlockPass;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.KvCache;
import org.ktoworkbench.model.nn.NamedParameter;
import org.ktoworkbench.model.nn.hf.HfDecoder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A LoRA model's base with the adapters switched off: the KTO reference without a second copy of the weights. It
 * shares the weights of the {@link LoraModel} it came from (which owns and closes them); none require gradients.
 */
final class AdaptersOff implements CausalLm {
    private final HfDecoder base;

    AdaptersOff(HfDecoder base) {
        this.base = base;
    }

    @Override
    public int contextLength() {
        return base.contextLength();
    }

    @Override
    public int vocabSize() {
        return base.vocabSize();
    }

    @Override
    public NDArray logits(NDArray tokens) {
        return base.logits(tokens);
    }

    @Override
    public NDArray logits(NDArray tokens, NDArray attentionMask, KvCache cache) {
        return base.logits(tokens, attentionMask, cache);
    }

    @Override
    public BlockPass blockPass(NDArray tokens) {
        return base.blockPass(tokens);
    }

    @Override
    public KvCache newCache(NDManager manager) {
        return base.newCache(manager);
    }

    @Override
    public List<NamedParameter> parameters() {
        return base.parameters();
    }

    @Override
    public void zeroGradients() {
        // frozen: nothing accumulates
    }

    /** Already frozen and sharing nothing that trains: itself. */
    @Override
    public CausalLm frozenCopy() {
        return this;
    }

    @Override
    public void save(Path dir) throws IOException {
        base.save(dir);
    }

    @Override
    public int managedArrayCount() {
        return base.managedArrayCount();
    }

    /** The weights belong to the LoRA model. */
    @Override
    public void close() {}
}
