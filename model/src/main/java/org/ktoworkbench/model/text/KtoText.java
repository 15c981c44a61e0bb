package org.ktoworkbench.model.text;

import java.util.List;
import java.util.Objects;

/** One KTO row before tokenization, in TRL's two dataset shapes: plain text or conversational (message lists). */
public sealed interface KtoText {

    record Plain(String prompt, String completion) implements KtoText {
        public Plain {
            Objects.requireNonNull(prompt, "prompt");
            Objects.requireNonNull(completion, "completion");
        }
    }

    record Conversational(List<ChatMessage> prompt, List<ChatMessage> completion) implements KtoText {
        public Conversational {
            prompt = List.copyOf(prompt);
            completion = List.copyOf(completion);
        }
    }
}
