package org.ktoworkbench.app.modelfolder;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BiFunction;

import org.ktoworkbench.model.loading.ModelFolder;
import org.ktoworkbench.model.loading.ModelInspection;
import org.ktoworkbench.model.text.HfTokenizer;
import org.ktoworkbench.model.text.Tokenizer;

/**
 * The tokenizer of a model folder, opened once (a large tokenizer.json takes seconds to load) and then shared by the
 * background tasks that tokenize rows; no weights are read. Tasks use it one at a time, and closing it waits for the
 * one in progress, so a task never encodes with a freed native tokenizer.
 */
public final class FolderTokenizer implements AutoCloseable {
    private final Path folder;
    private final Tokenizer tokenizer;
    private final int context;
    private boolean closed;

    private FolderTokenizer(Path folder, Tokenizer tokenizer, int context) {
        this.folder = folder;
        this.tokenizer = tokenizer;
        this.context = context;
    }

    /** Reads {@code folder}'s config.json and opens its tokenizer; errors name the file. */
    public static FolderTokenizer open(Path folder) throws IOException {
        int context = ModelInspection.contextLength(folder);
        return new FolderTokenizer(folder, ModelFolder.openTokenizer(folder), context);
    }

    /** Runs {@code work} with the tokenizer and the model's context length. */
    public synchronized <T> T use(BiFunction<Tokenizer, Integer, T> work) {
        if (closed) {
            throw new IllegalStateException("the tokenizer of " + folder + " was closed");
        }
        return work.apply(tokenizer, context);
    }

    public Path folder() {
        return folder;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            if (tokenizer instanceof HfTokenizer hf) {
                hf.close();
            }
        }
    }
}
