package org.ktoworkbench.model.hf;

/** A checkpoint's config.json, typed per architecture family. */
public sealed interface HfConfig permits LlamaConfig, Gpt2Config, GptNeoXConfig {

    /** The transformers class name, as in config.json's {@code architectures}. */
    String architecture();

    int vocabSize();

    /** Width of the hidden states (what a classification head reads). */
    int hiddenSize();

    /** Longest sequence the model runs on. */
    int contextLength();

    /** config.json as read, written back unchanged when the model is saved. */
    String sourceJson();
}
