package org.ktoworkbench.model.train;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Hand values of HF's schedules for 100 steps with 10 warmup steps and peak 1e-3. */
class LearningRateScheduleTest {
    private static final double PEAK = 1e-3;
    private static final double TOL = 1e-15;

    @Test
    void warmupRisesLinearlyFromZero() {
        for (LearningRateSchedule s : new LearningRateSchedule[] {
                LearningRateSchedule.constant(PEAK, 100, 10), LearningRateSchedule.linear(PEAK, 100, 10),
                LearningRateSchedule.cosine(PEAK, 100, 10)}) {
            assertEquals(0.0, s.lr(0), TOL, s.decay() + " step 0");
            assertEquals(5e-4, s.lr(5), TOL, s.decay() + " step 5");
            assertEquals(9e-4, s.lr(9), TOL, s.decay() + " step 9");
            assertEquals(PEAK, s.lr(10), TOL, s.decay() + " end of warmup");
        }
    }

    @Test
    void linearDecaysToZeroAtTheLastStep() {
        LearningRateSchedule s = LearningRateSchedule.linear(PEAK, 100, 10);
        assertEquals(5e-4, s.lr(55), TOL);        // (100 - 55) / 90
        assertEquals(PEAK / 90, s.lr(99), TOL);
        assertEquals(0.0, s.lr(100), TOL);
    }

    @Test
    void cosineFollowsHalfACycle() {
        LearningRateSchedule s = LearningRateSchedule.cosine(PEAK, 100, 10);
        assertEquals(7.5e-4, s.lr(40), TOL);      // progress 1/3: 0.5 (1 + cos(pi/3))
        assertEquals(5e-4, s.lr(55), TOL);        // progress 1/2
        assertEquals(2.5e-4, s.lr(70), TOL);      // progress 2/3
        assertEquals(0.0, s.lr(100), TOL);
    }

    @Test
    void minRatioLiftsTheFloor() {
        LearningRateSchedule s = LearningRateSchedule.cosine(PEAK, 100, 10).withMinLrRatio(0.1);
        assertEquals(5.5e-4, s.lr(55), TOL);      // 0.1 + 0.9 * 0.5
        assertEquals(1e-4, s.lr(100), TOL);
        assertEquals(1e-4, s.lr(500), TOL, "past the end it stays at the floor");
        LearningRateSchedule l = LearningRateSchedule.linear(PEAK, 100, 10).withMinLrRatio(0.2);
        assertEquals(6e-4, l.lr(55), TOL);        // 0.2 + 0.8 * 0.5
    }

    @Test
    void constantStaysAtPeakAndNoWarmupStartsAtPeak() {
        assertEquals(PEAK, LearningRateSchedule.constant(PEAK, 100, 10).lr(99), TOL);
        assertEquals(PEAK, LearningRateSchedule.cosine(PEAK, 100, 0).lr(0), TOL);
        assertEquals(PEAK, LearningRateSchedule.linear(PEAK, 100, 0).lr(0), TOL);
    }

    @Test
    void warmupFractionRoundsUpLikeHf() {
        assertEquals(10, LearningRateSchedule.warmupSteps(0.1, 95));   // ceil(9.5)
        assertEquals(10, LearningRateSchedule.warmupSteps(0.1, 100));
        assertEquals(0, LearningRateSchedule.warmupSteps(0.0, 100));
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.linear(PEAK, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.linear(PEAK, 10, 11));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.linear(-1, 10, 1));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.linear(PEAK, 10, 1).withMinLrRatio(2));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.warmupSteps(1.5, 10));
    }
}
