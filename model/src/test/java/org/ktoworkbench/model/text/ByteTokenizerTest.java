package org.ktoworkbench.model.text;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByteTokenizerTest {
    private final ByteTokenizer tokenizer = new ByteTokenizer();

    @Test
    void asciiMapsToItsBytes() {
        assertArrayEquals(new int[] {72, 105, 33}, tokenizer.encode("Hi!"));
    }

    @Test
    void multiByteUtf8RoundTrips() {
        String text = "café – 中文 😀 ok";
        int[] ids = tokenizer.encode(text);
        assertEquals(text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length, ids.length);
        assertEquals(2, tokenizer.encode("é").length);
        assertArrayEquals(new int[] {0xF0, 0x9F, 0x98, 0x80}, tokenizer.encode("😀"));
        for (int id : ids) {
            assertTrue(id >= 0 && id < 256, "byte id " + id);
        }
        assertEquals(text, tokenizer.decode(ids));
    }

    @Test
    void specialIdsFollowTheBytesAndDecodeToNothing() {
        assertEquals(256, tokenizer.bosId());
        assertEquals(257, tokenizer.eosId());
        assertEquals(258, tokenizer.padId());
        assertEquals(259, tokenizer.vocabSize());
        assertTrue(tokenizer.isSpecial(257));
        assertEquals("ab", tokenizer.decode(new int[] {256, 97, 258, 98, 257, 258}));
    }

    @Test
    void idOutsideTheVocabularyIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> tokenizer.decode(new int[] {97, 300}));
        assertTrue(e.getMessage().contains("300"), e.getMessage());
    }
}
