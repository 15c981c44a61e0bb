package org.ktoworkbench.model.train;

/** Size of the built-in GPT a run trains; the vocabulary comes from the tokenizer. */
public record ModelSpec(int layers, int dModel, int heads, int contextLength) {

    public static ModelSpec small() {
        return new ModelSpec(4, 128, 4, 48);
    }
}
