package org.ktoworkbench.model.train;

import org.ktoworkbench.model.nn.GptConfig;

/** Size of the built-in GPT a run trains; the vocabulary comes from the tokenizer. */
public record ModelSpec(int layers, int dModel, int heads, int contextLength) {

    public static ModelSpec small() {
        return new ModelSpec(4, 128, 4, 48);
    }

    /** The built-in GPT of this size over a vocabulary of {@code vocabSize} tokens. */
    public GptConfig gptConfig(int vocabSize) {
        return new GptConfig(vocabSize, contextLength, layers, dModel, heads);
    }
}
