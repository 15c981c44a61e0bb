package org.ktoworkbench.model.data;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UserTextTest {
    @Test
    void shortValuesAreShownWholeLongOnesClippedWithTheirLength() {
        assertEquals("a".repeat(UserText.SHOWN), UserText.clip("a".repeat(UserText.SHOWN)));
        assertEquals("b".repeat(UserText.SHOWN) + "… (10000 characters)", UserText.clip("b".repeat(10_000)));
        assertEquals("null", UserText.clip(null));
    }

    @Test
    void aCharacterOutsideTheBasicPlaneIsNeverCutInHalf() {
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        String clipped = UserText.clip(emoji.repeat(100));
        assertEquals(emoji.repeat(UserText.SHOWN) + "… (100 characters)", clipped);
    }
}
