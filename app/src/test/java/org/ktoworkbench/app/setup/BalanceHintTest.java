package org.ktoworkbench.app.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BalanceHintTest {
    @Test
    void ratioFollowsThePaper() {
        BalanceHint b = BalanceHint.of(1.0, 1.0, 400, 600);
        assertEquals(400.0 / 600.0, b.ratio(), 1e-12);
        assertEquals(BalanceHint.Status.TOO_LOW, b.status());
    }

    @Test
    void fixRaisesDesirableWeightIntoRange() {
        BalanceHint b = BalanceHint.of(1.0, 1.0, 400, 600);
        double fixed = b.fixedDesirableWeight();
        assertEquals(1.5, fixed, 1e-12);
        assertEquals(BalanceHint.Status.IN_RANGE, BalanceHint.of(fixed, 1.0, 400, 600).status());
    }

    @Test
    void fixLowersDesirableWeightWhenTooHigh() {
        BalanceHint b = BalanceHint.of(1.0, 1.0, 900, 100);
        assertEquals(BalanceHint.Status.TOO_HIGH, b.status());
        double fixed = b.fixedDesirableWeight();
        BalanceHint after = BalanceHint.of(fixed, 1.0, 900, 100);
        assertEquals(BalanceHint.Status.IN_RANGE, after.status(), "ratio " + after.ratio());
        assertEquals(0.148, fixed, 1e-12, "the largest 3-digit λD with ratio <= 4/3");
        assertEquals(BalanceHint.Status.TOO_HIGH, BalanceHint.of(0.149, 1.0, 900, 100).status());
    }

    @Test
    void roundingNeverLeavesTheRange() {
        for (long nd = 1; nd < 300; nd += 7) {
            for (long nu = 1; nu < 300; nu += 11) {
                double fixed = BalanceHint.of(1.0, 1.0, nd, nu).fixedDesirableWeight();
                BalanceHint after = BalanceHint.of(fixed, 1.0, nd, nu);
                assertEquals(BalanceHint.Status.IN_RANGE, after.status(), nd + "/" + nu + " -> " + fixed);
            }
        }
    }

    @Test
    void describeNamesTheFix() {
        assertEquals("λD·nD / (λU·nU) = 0.667, below the paper's [1, 4/3]: raise λD to 1.5.",
                BalanceHint.of(1.0, 1.0, 400, 600).describe());
    }

    @Test
    void undefinedWithoutBothClasses() {
        assertEquals(BalanceHint.Status.UNDEFINED, BalanceHint.of(1, 1, 0, 10).status());
        assertEquals(BalanceHint.Status.UNDEFINED, BalanceHint.of(1, 1, 10, 0).status());
        assertEquals(1.0, BalanceHint.of(1, 1, 10, 0).fixedDesirableWeight());
        assertTrue(BalanceHint.of(1, 1, 0, 10).describe().contains("undefined"));
    }
}
