package org.ktoworkbench.model.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerTest {

    @Test
    void qwen3EncodesTheKnownSentence() {
        HfTokenizer qwen = RealTokenizers.shared(RealTokenizers.QWEN3);
        int[] expected = {9707, 11, 847, 5562, 374, 18838};
        assertArrayEquals(expected, qwen.encode("Hello, my dog is cute"));
        assertArrayEquals(expected, qwen.encode("Hello, my dog is cute", true), "Qwen adds no BOS");
        assertEquals("Hello, my dog is cute", qwen.decode(expected));
    }

    @Test
    void qwen3SpecialTokensComeFromTheConfig() {
        HfTokenizer qwen = RealTokenizers.shared(RealTokenizers.QWEN3);
        assertEquals(-1, qwen.bosId());
        assertEquals(151645, qwen.eosId(), "<|im_end|>");
        assertEquals(151643, qwen.padId(), "<|endoftext|>");
        assertEquals(151669, qwen.vocabSize(), "highest added token id + 1");
        assertTrue(qwen.isSpecial(151644), "<|im_start|> is special");
        assertArrayEquals(new int[] {151644, 872}, qwen.encode("<|im_start|>user"));
        assertEquals("user", qwen.decode(new int[] {151644, 872}));
        assertEquals("<|im_start|>user", qwen.decode(new int[] {151644, 872}, false));
    }

    @Test
    void llama31AddsItsBosOnlyWhenAsked() {
        // Llama 3.1's tokenizer.json adds BOS in its post_processor (the first Llama 3 upload did not)
        HfTokenizer llama = RealTokenizers.shared(RealTokenizers.LLAMA3_1);
        int[] plain = llama.encode("Hello, my dog is cute");
        int[] withSpecial = llama.encode("Hello, my dog is cute", true);
        assertEquals(128000, llama.bosId(), "<|begin_of_text|>");
        assertEquals(128000, withSpecial[0]);
        assertEquals(plain.length + 1, withSpecial.length);
        assertEquals(128009, llama.eosId(), "<|eot_id|>");
        assertEquals(llama.eosId(), llama.padId(), "no pad token: EOS pads, as in TRL");
    }

    @Test
    void longTextIsNotTruncatedAt512Tokens() {
        HfTokenizer qwen = RealTokenizers.shared(RealTokenizers.QWEN3);
        String text = "word ".repeat(3000);
        int[] ids = qwen.encode(text, true);
        assertTrue(ids.length >= 3000, "got " + ids.length + " tokens");
        assertEquals(text, qwen.decode(ids));
    }

    @Test
    void llamaClassTokenizersFollowAddBosTokenFromTheConfig(@TempDir Path dir) throws IOException {
        Path real = RealTokenizers.dir(RealTokenizers.LLAMA3_1);
        Files.copy(real.resolve(HfTokenizer.TOKENIZER_FILE), dir.resolve(HfTokenizer.TOKENIZER_FILE));
        Files.writeString(dir.resolve(HfTokenizerConfig.FILE_NAME), """
                {"tokenizer_class": "LlamaTokenizerFast", "add_bos_token": false, "add_eos_token": true,
                 "bos_token": {"content": "<|begin_of_text|>", "lstrip": false}, "eos_token": "<|end_of_text|>"}""");
        try (HfTokenizer tokenizer = HfTokenizer.open(dir)) {
            int[] plain = tokenizer.encode("Hi there");
            int[] withSpecial = tokenizer.encode("Hi there", true);
            assertEquals(plain.length + 1, withSpecial.length);
            assertFalse(withSpecial[0] == 128000, "add_bos_token false overrides the post_processor's BOS");
            assertEquals(128001, withSpecial[withSpecial.length - 1], "add_eos_token true: EOS at the end");
        }
    }

    @Test
    void aTokenNotInTheVocabularyIsAnErrorNamingTheField(@TempDir Path dir) throws IOException {
        Files.copy(RealTokenizers.dir(RealTokenizers.QWEN3).resolve(HfTokenizer.TOKENIZER_FILE), dir.resolve(HfTokenizer.TOKENIZER_FILE));
        Files.writeString(dir.resolve(HfTokenizerConfig.FILE_NAME), "{\"eos_token\": \"</nope>\"}");
        TokenizerFileException e = assertThrows(TokenizerFileException.class, () -> HfTokenizer.open(dir));
        assertTrue(e.getMessage().contains("eos_token \"</nope>\" is not in tokenizer.json"), e.getMessage());
    }

    @Test
    void aMissingTokenizerJsonIsAnErrorNamingTheFile(@TempDir Path dir) {
        TokenizerFileException e = assertThrows(TokenizerFileException.class, () -> HfTokenizer.open(dir));
        assertTrue(e.getMessage().contains(dir.resolve("tokenizer.json") + ": no such file"), e.getMessage());
    }

    @Test
    void theByteTokenizerAddsNoSpecialTokensOfItsOwn() {
        ByteTokenizer bytes = new ByteTokenizer();
        assertArrayEquals(bytes.encode("hé"), bytes.encode("hé", true));
    }
}
