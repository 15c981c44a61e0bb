package org.ktoworkbench.model.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small hand-written tokenizer.json (WordLevel and Unigram models): runs without the fetched real files. */
class HandMadeTokenizerTest {
    @TempDir Path dir;

    private static final String ADDED = """
            "added_tokens": [
              {"id": 0, "content": "<unk>", "special": true, "single_word": false, "lstrip": false, "rstrip": false, "normalized": false},
              {"id": 1, "content": "<s>", "special": true, "single_word": false, "lstrip": false, "rstrip": false, "normalized": false},
              {"id": 2, "content": "</s>", "special": true, "single_word": false, "lstrip": false, "rstrip": false, "normalized": false}
            ],""";

    @Test
    void wordLevelWithATemplatePostProcessor() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), """
                {"version": "1.0", "truncation": null, "padding": null,
                """ + ADDED + """
                 "normalizer": null,
                 "pre_tokenizer": {"type": "Whitespace"},
                 "post_processor": {"type": "TemplateProcessing",
                   "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                   "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}}],
                   "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
                 "decoder": null,
                 "model": {"type": "WordLevel", "vocab": {"<unk>": 0, "<s>": 1, "</s>": 2, "hello": 3, "world": 4}, "unk_token": "<unk>"}}
                """);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"bos_token\": \"<s>\", \"eos_token\": {\"content\": \"</s>\"}}");
        try (HfTokenizer tokenizer = HfTokenizer.open(dir)) {
            assertArrayEquals(new int[] {3, 4, 0}, tokenizer.encode("hello world nope"));
            assertArrayEquals(new int[] {1, 3, 4}, tokenizer.encode("hello world", true));
            assertEquals(5, tokenizer.vocabSize());
            assertEquals(1, tokenizer.bosId());
            assertEquals(2, tokenizer.eosId());
            assertEquals(2, tokenizer.padId());
            assertTrue(tokenizer.isSpecial(0));
            assertFalse(tokenizer.isSpecial(3));
        }
    }

    @Test
    void unigramVocabularyIsAListById() throws IOException {
        Files.writeString(dir.resolve("tokenizer.json"), """
                {"version": "1.0", "truncation": null, "padding": null,
                """ + ADDED + """
                 "normalizer": null, "pre_tokenizer": {"type": "Whitespace"}, "post_processor": null, "decoder": null,
                 "model": {"type": "Unigram", "unk_id": 0, "byte_fallback": false,
                   "vocab": [["<unk>", 0.0], ["<s>", 0.0], ["</s>", 0.0], ["ab", -1.0], ["a", -2.0], ["b", -2.0], ["c", -3.0]]}}
                """);
        Files.writeString(dir.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
        try (HfTokenizer tokenizer = HfTokenizer.open(dir)) {
            assertArrayEquals(new int[] {3, 6}, tokenizer.encode("abc"));
            assertEquals(7, tokenizer.vocabSize());
            assertEquals(-1, tokenizer.bosId());
        }
    }
}
