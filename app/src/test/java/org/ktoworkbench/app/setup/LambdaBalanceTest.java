package org.ktoworkbench.app.setup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LambdaBalanceTest {
    @Test
    void ratioFollowsThePaper() {
        LambdaBalance b = new LambdaBalance(1.0, 1.0, 400, 600);
        assertEquals(400.0 / 600.0, b.ratio(), 1e-12);
        assertEquals(LambdaBalance.Status.TOO_LOW, b.status());
    }

    @Test
    void fixRaisesDesirableWeightIntoRange() {
        LambdaBalance b = new LambdaBalance(1.0, 1.0, 400, 600);
        double fixed = b.fixedDesirableWeight();
        assertEquals(1.5, fixed, 1e-12);
        assertEquals(LambdaBalance.Status.IN_RANGE, new LambdaBalance(fixed, 1.0, 400, 600).status());
    }

    @Test
    void fixLowersDesirableWeightWhenTooHigh() {
        LambdaBalance b = new LambdaBalance(1.0, 1.0, 900, 100);
        assertEquals(LambdaBalance.Status.TOO_HIGH, b.status());
        double fixed = b.fixedDesirableWeight();
        LambdaBalance after = new LambdaBalance(fixed, 1.0, 900, 100);
        assertEquals(LambdaBalance.Status.IN_RANGE, after.status(), "ratio " + after.ratio());
        assertEquals(0.148, fixed, 1e-12, "the largest 3-digit λD with ratio <= 4/3");
        assertEquals(LambdaBalance.Status.TOO_HIGH, new LambdaBalance(0.149, 1.0, 900, 100).status());
    }

    @Test
    void roundingNeverLeavesTheRange() {
        for (long nd = 1; nd < 300; nd += 7) {
            for (long nu = 1; nu < 300; nu += 11) {
                double fixed = new LambdaBalance(1.0, 1.0, nd, nu).fixedDesirableWeight();
                LambdaBalance after = new LambdaBalance(fixed, 1.0, nd, nu);
                assertEquals(LambdaBalance.Status.IN_RANGE, after.status(), nd + "/" + nu + " -> " + fixed);
            }
        }
    }

    @Test
    void describeNamesTheFix() {
        assertEquals("λD·nD / (λU·nU) = 0.667, below the paper's [1, 4/3]: raise λD to 1.5.",
                new LambdaBalance(1.0, 1.0, 400, 600).describe());
    }

    @Test
    void undefinedWithoutBothClasses() {
        assertEquals(LambdaBalance.Status.UNDEFINED, new LambdaBalance(1, 1, 0, 10).status());
        assertEquals(LambdaBalance.Status.UNDEFINED, new LambdaBalance(1, 1, 10, 0).status());
        assertTrue(new LambdaBalance(1, 1, 0, 10).describe().contains("undefined"));
    }
}
