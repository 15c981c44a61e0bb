package org.ktoworkbench.model.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IdTokenizerTest {
    private final IdTokenizer tokenizer = new IdTokenizer(10);

    @Test
    void specialsAreTheTopThreeIdsAndDecodingDropsThem() {
        assertEquals(7, tokenizer.bosId());
        assertEquals(8, tokenizer.eosId());
        assertEquals(9, tokenizer.padId());
        assertEquals(7, tokenizer.ordinaryTokens());
        assertArrayEquals(new int[] {3, 0, 6}, tokenizer.encode("3 0 6"));
        assertEquals("3 0 6", tokenizer.decode(new int[] {7, 3, 0, 6, 8, 9}));
        assertArrayEquals(new int[0], tokenizer.encode(""));
    }

    @Test
    void badIdsNameTheirPosition() {
        assertEquals("token 2 id 10 is outside the vocabulary [0, 10)",
                assertThrows(IllegalArgumentException.class, () -> tokenizer.encode("1 10")).getMessage());
        assertEquals("token 1 'x' is not a decimal id",
                assertThrows(IllegalArgumentException.class, () -> tokenizer.encode("x 1")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new IdTokenizer(3));
    }
}
