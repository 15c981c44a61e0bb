package org.ktoworkbench.model.loading;

/** Which code a model folder loads with. */
public enum ModelKind {
    /** Written by the built-in GPT ({@code Gpt.save}): byte tokenizer, config.json {@code "architecture": "gpt"}. */
    BUILT_IN,
    /** A Hugging Face checkpoint folder: config.json with {@code architectures}, its own tokenizer.json. */
    HUGGING_FACE
}
