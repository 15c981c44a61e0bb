package org.ktoworkbench.model.sample;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MistakeTest {
    private static int differingPositions(String a, String b) {
        int count = 0;
        for (int i = 0; i < a.length(); i++) {
            count += a.charAt(i) == b.charAt(i) ? 0 : 1;
        }
        return count;
    }

    @Test
    void eachKindMakesTheSlipItIsNamedFor() {
        String digits = "37059";
        String answer = DigitIncrementTask.answer(digits);
        assertEquals("48160", answer);
        Random random = new Random(1);
        for (int trial = 0; trial < 200; trial++) {
            String unchanged = Mistake.DIGIT_UNCHANGED.apply(digits, answer, random);
            assertEquals(1, differingPositions(answer, unchanged));
            assertEquals(4, differingPositions(digits, unchanged), "exactly one digit copied from the prompt");

            assertEquals(1, differingPositions(answer, Mistake.DIGIT_PLUS_TWO.apply(digits, answer, random)));
            assertEquals(1, differingPositions(answer, Mistake.DIGIT_WRONG.apply(digits, answer, random)));
            assertEquals(2, differingPositions(answer, Mistake.TWO_DIGITS_OFF.apply(digits, answer, random)));
            assertEquals(4, Mistake.MISSING_DIGIT.apply(digits, answer, random).length());
            assertEquals(6, Mistake.EXTRA_DIGIT.apply(digits, answer, random).length());
        }
        assertEquals("37060", Mistake.ADDED_ONE_TO_NUMBER.apply(digits, answer, random));
        assertEquals("1000", Mistake.ADDED_ONE_TO_NUMBER.apply("999", "000", random));
    }

    @Test
    void wrongAnswersAreNeverTheRightOneAndEveryKindOccurs() {
        Random random = new Random(5);
        Map<Integer, Integer> lengths = new HashMap<>();
        for (int trial = 0; trial < 2000; trial++) {
            String digits = String.format("%04d", random.nextInt(10_000));
            String wrong = Mistake.wrongAnswer(digits, random);
            assertNotEquals(DigitIncrementTask.answer(digits), wrong, digits);
            assertTrue(wrong.chars().allMatch(Character::isDigit), wrong);
            lengths.merge(wrong.length(), 1, Integer::sum);
        }
        // Missing and extra digits are each drawn 10% of the time.
        assertTrue(lengths.get(3) > 120 && lengths.get(5) > 120, lengths.toString());
    }
}
