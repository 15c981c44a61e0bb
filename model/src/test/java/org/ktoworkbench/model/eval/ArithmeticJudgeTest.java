package org.ktoworkbench.model.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ArithmeticJudgeTest {
    private final ArithmeticJudge judge = new ArithmeticJudge();

    @Test
    void exactAnswersAreDesirableAndNinesWrapToZero() {
        assertTrue(judge.isDesirable("inc 3705=", "4816"));
        assertTrue(judge.isDesirable("inc 999=", "000"));
        assertTrue(judge.isDesirable("inc 012389=", "123490"));
    }

    @Test
    void plausibleMistakesAreUndesirable() {
        assertFalse(judge.isDesirable("inc 3705=", "3816"), "one digit left unchanged");
        assertFalse(judge.isDesirable("inc 3705=", "4826"), "one digit off");
        assertFalse(judge.isDesirable("inc 3709=", "3710"), "number plus one, with carry");
        assertFalse(judge.isDesirable("inc 999=", "1000"), "no wrap");
        assertFalse(judge.isDesirable("inc 3705=", "481"), "missing digit");
        assertFalse(judge.isDesirable("inc 3705=", "48166"), "extra digit");
        assertFalse(judge.isDesirable("inc 3705=", ""), "empty");
        assertFalse(judge.isDesirable("inc 3705=", null), "nothing generated");
    }

    @Test
    void surroundingWhitespaceAndEndOfSequenceLeftoversAreIgnored() {
        assertTrue(judge.isDesirable("inc 3705=", "4816\n"));
        assertTrue(judge.isDesirable("inc 3705=", " 4816 \t\r\n"));
        assertTrue(judge.isDesirable("inc 3705=", "4816\u0000\u0000"));
    }

    @Test
    void anythingElseAroundOrInsideTheAnswerMakesItWrong() {
        assertFalse(judge.isDesirable("inc 3705=", "4816\ninc 12="), "runs on into another prompt");
        assertFalse(judge.isDesirable("inc 3705=", "4 8 1 6"), "spaces between digits");
        assertFalse(judge.isDesirable("inc 3705=", "4816."), "trailing punctuation");
        assertFalse(judge.isDesirable("inc 3705=", "=4816"), "leading text");
    }

    @Test
    void promptInsideAChatTemplateIsFoundByItsLastQuestion() {
        String rendered = "<|system|>Add 1 to every digit.\n<|user|>inc 11=\ninc 3705=\n<|assistant|>";
        assertTrue(judge.isDesirable(rendered, "4816"));
        assertFalse(judge.isDesirable(rendered, "22"));
    }

    @Test
    void promptOfAnotherTaskIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> judge.isDesirable("What is 2+2?", "4"));
        assertTrue(e.getMessage().contains("not a prompt of the arithmetic task"), e.getMessage());
        assertTrue(e.getMessage().contains("What is 2+2?"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> judge.isDesirable("inc =", "1"));
    }

    @Test
    void comparisonFollowsTheLabels() {
        assertEquals(Verdict.A, judge.compare("inc 3705=", "4816", "4817"));
        assertEquals(Verdict.B, judge.compare("inc 3705=", "3705", "4816\n"));
        assertEquals(Verdict.TIE, judge.compare("inc 3705=", "4816", " 4816"));
        assertEquals(Verdict.TIE, judge.compare("inc 3705=", "1", "2"));
    }
}
