package org.ktoworkbench.model.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.ktoworkbench.model.nn.GptConfig;

import java.nio.file.Path;

/**
 * The model a run trains: the built-in GPT of a size (its vocabulary comes from the byte tokenizer), or, when
 * {@code folder} is set, the pretrained model in that folder (a Hugging Face checkpoint or a folder the built-in GPT
 * saved), whose own config then decides the shape and the size fields are not used.
 */
public record ModelSpec(int layers, int dModel, int heads, int contextLength,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String folder) {

    public ModelSpec(int layers, int dModel, int heads, int contextLength) {
        this(layers, dModel, heads, contextLength, null);
    }

    public static ModelSpec small() {
        return new ModelSpec(4, 128, 4, 48);
    }

    /** Whether the run starts from a model folder rather than a fresh built-in GPT. */
    public boolean pretrained() {
        return folder != null;
    }

    public Path folderPath() {
        return folder == null ? null : Path.of(folder);
    }

    /** This spec trained from {@code dir} (stored absolute, so a run finds it from any working directory). */
    public ModelSpec withFolder(Path dir) {
        return new ModelSpec(layers, dModel, heads, contextLength, dir == null ? null : dir.toAbsolutePath().normalize().toString());
    }

    /** The built-in GPT of this size over a vocabulary of {@code vocabSize} tokens. */
    public GptConfig gptConfig(int vocabSize) {
        return new GptConfig(vocabSize, contextLength, layers, dModel, heads);
    }
}
