package org.ktoworkbench.model.loading;

import org.ktoworkbench.model.nn.hf.HfRewardModel;
import org.ktoworkbench.model.text.ChatMessage;
import org.ktoworkbench.model.text.HfChatTemplate;
import org.ktoworkbench.model.text.HfTokenizer;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A reward model loaded from a folder with its tokenizer; closing it frees both. */
public final class LoadedRewardModel implements AutoCloseable {
    private final Path dir;
    private final HfRewardModel model;
    private final HfTokenizer tokenizer;
    private final HfChatTemplate chatTemplate;

    LoadedRewardModel(Path dir, HfRewardModel model, HfTokenizer tokenizer) {
        this.dir = dir;
        this.model = model;
        this.tokenizer = tokenizer;
        this.chatTemplate = HfChatTemplate.of(tokenizer).orElse(null);
    }

    public Path dir() {
        return dir;
    }

    public HfRewardModel model() {
        return model;
    }

    public HfTokenizer tokenizer() {
        return tokenizer;
    }

    /** The folder's chat template (tokenizer_config.json), if it has one. */
    public Optional<HfChatTemplate> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    /**
     * The token ids the reward model scores for {@code completion} of {@code prompt}: with a chat template, the
     * conversation of the prompt as the user's message and the completion as the assistant's (rendered without a
     * generation prompt; the template writes its own special tokens); without one, {@code prompt + completion} with
     * the special tokens the tokenizer adds itself.
     */
    public int[] ids(String prompt, String completion) {
        if (chatTemplate == null) {
            return tokenizer.encode(prompt + completion, true);
        }
        String text = chatTemplate.render(List.of(ChatMessage.user(prompt), ChatMessage.assistant(completion)), false);
        return tokenizer.encode(text, false);
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            tokenizer.close();
        }
    }
}
