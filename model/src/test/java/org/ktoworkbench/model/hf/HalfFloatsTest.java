package org.ktoworkbench.model.hf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** F16 and BF16 conversions: exact widening, round-to-nearest-even narrowing (how export writes them back). */
class HalfFloatsTest {

    @Test
    void everyHalfWidensAndNarrowsBackToItsOwnBits() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float wide = HalfFloats.halfToFloat((short) bits);
            if (Float.isNaN(wide)) {
                assertTrue(Float.isNaN(HalfFloats.halfToFloat(HalfFloats.floatToHalf(wide))));
                continue;
            }
            assertEquals(bits, HalfFloats.floatToHalf(wide) & 0xffff, "half bits " + Integer.toHexString(bits));
        }
    }

    @Test
    void halfKnownValues() {
        assertEquals(1.0f, HalfFloats.halfToFloat((short) 0x3c00));
        assertEquals(0x1p-24f, HalfFloats.halfToFloat((short) 0x0001)); // smallest subnormal
        assertEquals(65504f, HalfFloats.halfToFloat((short) 0x7bff));
        assertEquals(0x7c00, HalfFloats.floatToHalf(70000f) & 0xffff); // overflow to infinity
        assertEquals(0x3555, HalfFloats.floatToHalf(1f / 3) & 0xffff);
        assertEquals(0x3c00, HalfFloats.floatToHalf(1 + 0x1p-11f) & 0xffff); // tie goes to even
        assertEquals(0x3c02, HalfFloats.floatToHalf(1 + 3 * 0x1p-11f) & 0xffff); // tie goes to even (up)
        assertEquals(0x0001, HalfFloats.floatToHalf(0x1p-24f) & 0xffff);
        assertEquals(0x0000, HalfFloats.floatToHalf(0x1p-26f) & 0xffff);
    }

    @Test
    void bfloat16IsTheUpperHalfOfAFloatRoundedToNearestEven() {
        assertEquals(0x3f80, HalfFloats.floatToBfloat16(1f) & 0xffff);
        assertEquals(0x3f80, HalfFloats.floatToBfloat16(1 + 0x1p-8f) & 0xffff); // tie to even (down)
        assertEquals(0x3f82, HalfFloats.floatToBfloat16(1 + 3 * 0x1p-8f) & 0xffff); // tie to even (up)
        assertEquals(0x3f81, HalfFloats.floatToBfloat16(1 + 0x1p-8f + 0x1p-20f) & 0xffff); // above the tie
        assertTrue(Float.isNaN(Float.intBitsToFloat((HalfFloats.floatToBfloat16(Float.NaN) & 0xffff) << 16)));
        for (int upper = 0; upper < 0x10000; upper++) {
            float value = Float.intBitsToFloat(upper << 16);
            if (!Float.isNaN(value)) {
                assertEquals(upper, HalfFloats.floatToBfloat16(value) & 0xffff);
            }
        }
    }
}
