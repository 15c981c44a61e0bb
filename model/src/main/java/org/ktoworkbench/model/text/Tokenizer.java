package org.ktoworkbench.model.text;

/**
 * Turns text into token ids and back. Implementations: {@link ByteTokenizer} for the built-in model;
 * Hugging Face {@code tokenizer.json} tokenizers can implement the same interface later.
 */
public interface Tokenizer {

    /** Token ids of {@code text}, without BOS/EOS (callers add them where a sequence needs them). */
    int[] encode(String text);

    /** Text of {@code ids}; special ids (BOS, EOS, PAD) are dropped. */
    String decode(int[] ids);

    int vocabSize();

    int bosId();

    int eosId();

    int padId();

    /** True for BOS, EOS and PAD. */
    default boolean isSpecial(int id) {
        return id == bosId() || id == eosId() || id == padId();
    }
}
