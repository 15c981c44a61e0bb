package org.ktoworkbench.model.loading;

import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.text.HfChatTemplate;
import org.ktoworkbench.model.text.HfTokenizer;
import org.ktoworkbench.model.text.Tokenizer;

import java.nio.file.Path;
import java.util.Optional;

/** A model loaded from a folder with the tokenizer it was trained with; closing it frees both. */
public final class LoadedModel implements AutoCloseable {
    private final ModelKind kind;
    private final Path dir;
    private final CausalLm model;
    private final Tokenizer tokenizer;

    LoadedModel(ModelKind kind, Path dir, CausalLm model, Tokenizer tokenizer) {
        this.kind = kind;
        this.dir = dir;
        this.model = model;
        this.tokenizer = tokenizer;
    }

    public ModelKind kind() {
        return kind;
    }

    public Path dir() {
        return dir;
    }

    public CausalLm model() {
        return model;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The Hugging Face tokenizer of an HF folder; empty for the built-in model. */
    public Optional<HfTokenizer> hfTokenizer() {
        return tokenizer instanceof HfTokenizer hf ? Optional.of(hf) : Optional.empty();
    }

    /** The folder's chat template (tokenizer_config.json); the built-in model has none. */
    public Optional<HfChatTemplate> chatTemplate() {
        return hfTokenizer().flatMap(HfChatTemplate::of);
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            hfTokenizer().ifPresent(HfTokenizer::close);
        }
    }
}
