package org.ktoworkbench.model.text;

/** A tokenizer or chat-template file that cannot be used; the message names the file and the field. */
public class TokenizerFileException extends RuntimeException {
    public TokenizerFileException(String message) {
        super(message);
    }

    public TokenizerFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
