package org.ktoworkbench.model.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JudgesTest {
    @Test
    void arithmeticJudgeIsFoundByNameIgnoringCase() {
        assertInstanceOf(ArithmeticJudge.class, Judges.byName("arithmetic"));
        assertInstanceOf(ArithmeticJudge.class, Judges.byName(" Arithmetic "));
        assertTrue(Judges.names().contains(Judges.ARITHMETIC));
    }

    @Test
    void unknownNameListsTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Judges.byName("gpt-4"));
        assertEquals("unknown judge 'gpt-4'; known judges: arithmetic, openai:URL[#model], reward-model:DIR[#margin=M]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Judges.byName(null));
    }
}
