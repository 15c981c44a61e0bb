package org.ktoworkbench.model.text;

/**
 * Turns text into token ids and back. Implementations: {@link ByteTokenizer} for the built-in model,
 * {@link HfTokenizer} for Hugging Face {@code tokenizer.json} files.
 */
public interface Tokenizer {

    /** Token ids of {@code text}, without BOS/EOS (callers add them where a sequence needs them). */
    int[] encode(String text);

    /**
     * Token ids of {@code text}; with {@code addSpecialTokens}, also the special tokens the tokenizer itself adds (as
     * transformers' {@code tokenizer(text)} does: Llama's BOS). The byte tokenizer adds none of its own.
     */
    default int[] encode(String text, boolean addSpecialTokens) {
        return encode(text);
    }

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
