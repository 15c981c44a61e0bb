package org.ktoworkbench.model.nn.hf;

import ai.djl.Device;
import org.ktoworkbench.model.hf.CheckpointWeights;
import org.ktoworkbench.model.hf.Gpt2Config;
import org.ktoworkbench.model.hf.GptNeoXConfig;
import org.ktoworkbench.model.hf.HfConfig;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.hf.LlamaConfig;
import org.ktoworkbench.model.nn.CausalLm;

import java.io.IOException;
import java.nio.file.Path;

/** Loads a Hugging Face checkpoint folder as a trainable {@link CausalLm} of its architecture. */
public final class HfModels {
    private HfModels() {}

    /**
     * Reads {@code dir/config.json} and the safetensors weights; the parameters require gradients. A
     * problem with either is an IOException naming the file and the field or tensor.
     */
    public static CausalLm load(Path dir) throws IOException {
        return load(dir, null);
    }

    /** As {@link #load(Path)} with every array on {@code device} (null: DJL's default). */
    public static CausalLm load(Path dir, Device device) throws IOException {
        HfConfig config = HfConfigReader.read(dir);
        CheckpointWeights checkpoint = CheckpointWeights.open(dir);
        return build(config, HfWeights.reading(checkpoint, SourceDtypes.read(dir), device));
    }

    /**
     * A model of {@code config}'s architecture with freshly drawn weights (see {@link HfWeights#random}); its
     * {@link CausalLm#save} writes a checkpoint folder under the tensor names and shapes of the architecture's
     * checkpoints, which {@link #load} reads back.
     */
    public static CausalLm random(HfConfig config, long seed) {
        try {
            return build(config, HfWeights.random(seed));
        } catch (IOException e) {
            throw new IllegalStateException("drawn weights have the shapes the architecture asks for", e);
        }
    }

    private static CausalLm build(HfConfig config, HfWeights weights) throws IOException {
        try {
            HfDecoder decoder = decoder(config, weights, true);
            weights.requireAllUsed();
            return decoder;
        } catch (IOException | RuntimeException e) {
            weights.close();
            throw e;
        }
    }

    /**
     * The decoder of {@code config}'s architecture over {@code weights}; without {@code lmHead}, the backbone alone
     * (a sequence classifier's checkpoint has a {@code score} head instead). Closes nothing on failure.
     */
    static HfDecoder decoder(HfConfig config, HfWeights weights, boolean lmHead) throws IOException {
        if (config instanceof LlamaConfig llama) {
            return new LlamaDecoder(llama, weights, lmHead);
        }
        if (config instanceof Gpt2Config gpt2) {
            return new Gpt2Decoder(gpt2, weights, lmHead);
        }
        return new GptNeoXDecoder((GptNeoXConfig) config, weights, lmHead);
    }
}
