package org.ktoworkbench.model.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ktoworkbench.model.EngineSettings;

/**
 * A Hugging Face tokenizer: {@code tokenizer.json} run by DJL's binding of the Rust {@code tokenizers} library, with
 * special tokens and chat templates from {@code tokenizer_config.json}. Truncation and padding are off (DJL would
 * otherwise cut every text at 512 tokens): callers truncate where they mean to.
 *
 * <p>Special tokens on encode follow transformers: the {@code post_processor} of tokenizer.json adds them (Llama 3's
 * BOS), except for the Llama/Gemma tokenizer classes, whose {@code add_bos_token}/{@code add_eos_token} in the config
 * rebuild that post-processor in transformers (defaults true/false), so they do here too.
 */
public final class HfTokenizer implements Tokenizer, AutoCloseable {
    public static final String TOKENIZER_FILE = "tokenizer.json";
    private static final Set<String> CONFIG_DRIVEN_SPECIAL_TOKENS = Set.of(
            "LlamaTokenizer", "LlamaTokenizerFast", "CodeLlamaTokenizer", "CodeLlamaTokenizerFast",
            "GemmaTokenizer", "GemmaTokenizerFast");

    private final HuggingFaceTokenizer native_;
    private final HfTokenizerConfig config;
    private final HfVocabulary vocabulary;
    private final int bosId;
    private final int eosId;
    private final int padId;

    private HfTokenizer(HuggingFaceTokenizer native_, HfTokenizerConfig config, HfVocabulary vocabulary, Path dir) {
        this.native_ = native_;
        this.config = config;
        this.vocabulary = vocabulary;
        this.bosId = idOf(config.bosToken(), "bos_token", dir);
        this.eosId = idOf(config.eosToken(), "eos_token", dir);
        int pad = idOf(config.padToken(), "pad_token", dir);
        this.padId = pad >= 0 ? pad : eosId; // as TRL does when a tokenizer has no pad token
    }

    /** Opens {@code dir/tokenizer.json} and, where present, {@code dir/tokenizer_config.json}. */
    public static HfTokenizer open(Path dir) {
        Path json = dir.resolve(TOKENIZER_FILE);
        if (!Files.isRegularFile(json)) {
            throw new TokenizerFileException(json + ": no such file (a Hugging Face tokenizer folder needs " + TOKENIZER_FILE + ")");
        }
        HfTokenizerConfig config = HfTokenizerConfig.read(dir.resolve(HfTokenizerConfig.FILE_NAME));
        HfVocabulary vocabulary = HfVocabulary.read(json);
        EngineSettings.applyDefaults();
        HuggingFaceTokenizer tokenizer;
        try {
            tokenizer = HuggingFaceTokenizer.newInstance(json, Map.of(
                    "addSpecialTokens", "true",
                    "truncation", "false",
                    "padding", "false",
                    "withOverflowingTokens", "false"));
        } catch (IOException | RuntimeException e) {
            throw new TokenizerFileException(json + ": cannot be loaded: " + e.getMessage(), e);
        }
        try {
            return new HfTokenizer(tokenizer, config, vocabulary, dir);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** Ids of {@code text} without special tokens. */
    @Override
    public int[] encode(String text) {
        return encode(text, false);
    }

    /** Ids of {@code text}; with {@code addSpecialTokens}, the special tokens this tokenizer adds by itself. */
    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        if (!addSpecialTokens || !specialTokensFromConfig()) {
            return toInts(native_.encode(text, addSpecialTokens, false).getIds());
        }
        int[] plain = toInts(native_.encode(text, false, false).getIds());
        boolean bos = !Boolean.FALSE.equals(config.addBosToken()) && bosId >= 0;
        boolean eos = Boolean.TRUE.equals(config.addEosToken()) && eosId >= 0;
        int[] ids = new int[plain.length + (bos ? 1 : 0) + (eos ? 1 : 0)];
        if (bos) ids[0] = bosId;
        System.arraycopy(plain, 0, ids, bos ? 1 : 0, plain.length);
        if (eos) ids[ids.length - 1] = eosId;
        return ids;
    }

    @Override
    public String decode(int[] ids) {
        return decode(ids, true);
    }

    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) longs[i] = ids[i];
        return native_.decode(longs, skipSpecialTokens);
    }

    @Override
    public int vocabSize() {
        return vocabulary.size();
    }

    /** -1 when the tokenizer has no BOS token (Qwen). */
    @Override
    public int bosId() {
        return bosId;
    }

    /** -1 when the config names no EOS token. */
    @Override
    public int eosId() {
        return eosId;
    }

    /** The pad token, or EOS when there is none. */
    @Override
    public int padId() {
        return padId;
    }

    @Override
    public boolean isSpecial(int id) {
        return vocabulary.isSpecial(id) || (id >= 0 && (id == bosId || id == eosId || id == padId));
    }

    public HfTokenizerConfig config() {
        return config;
    }

    public Optional<String> bosToken() {
        return Optional.ofNullable(config.bosToken());
    }

    public Optional<String> eosToken() {
        return Optional.ofNullable(config.eosToken());
    }

    @Override
    public void close() {
        native_.close();
    }

    private boolean specialTokensFromConfig() {
        return config.tokenizerClass() != null && CONFIG_DRIVEN_SPECIAL_TOKENS.contains(config.tokenizerClass());
    }

    private int idOf(String token, String field, Path dir) {
        if (token == null) return -1;
        return vocabulary.id(token).orElseThrow(() -> new TokenizerFileException(
                dir.resolve(HfTokenizerConfig.FILE_NAME) + ": " + field + " \"" + token + "\" is not in " + TOKENIZER_FILE));
    }

    private static int[] toInts(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = Math.toIntExact(ids[i]);
        return out;
    }
}
