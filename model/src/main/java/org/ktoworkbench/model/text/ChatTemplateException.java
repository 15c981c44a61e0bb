package org.ktoworkbench.model.text;

/** A chat template that does not parse, or that refuses a conversation ({@code raise_exception} in the template). */
public class ChatTemplateException extends RuntimeException {
    public ChatTemplateException(String message) {
        super(message);
    }
}
