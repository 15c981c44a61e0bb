package org.ktoworkbench.model.loading;

import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.Generator;
import org.ktoworkbench.model.text.ChatMessage;
import org.ktoworkbench.model.text.ChatTemplateException;
import org.ktoworkbench.model.text.HfChatTemplate;
import org.ktoworkbench.model.text.HfTokenizer;
import org.ktoworkbench.model.text.HfTokenizerConfig;
import org.ktoworkbench.model.text.Tokenizer;

import java.nio.file.Path;
import java.util.List;
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

    /**
     * Token ids to continue {@code text} from, as {@link #generator()} takes them: the built-in model's bytes (the
     * generator adds BOS), a Hugging Face tokenizer's ids with the special tokens it adds itself; with {@code chat},
     * the chat template over one user message with the generation prompt (an error where there is no template).
     */
    public int[] promptIds(String text, boolean chat) {
        if (!chat) {
            return kind == ModelKind.BUILT_IN ? tokenizer.encode(text) : tokenizer.encode(text, true);
        }
        HfChatTemplate template = chatTemplate().orElseThrow(() -> new ChatTemplateException(kind == ModelKind.BUILT_IN
                ? dir + ": the built-in model has no chat template (leave out --chat)"
                : dir.resolve(HfTokenizerConfig.FILE_NAME) + ": has no chat_template (leave out --chat)"));
        return tokenizer.encode(template.render(List.of(ChatMessage.user(text)), true), false);
    }

    /** Continues the ids of {@link #promptIds}. */
    public Generator generator() {
        return kind == ModelKind.BUILT_IN ? new Generator(model, tokenizer) : Generator.forTokenizedPrompts(model, tokenizer);
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
