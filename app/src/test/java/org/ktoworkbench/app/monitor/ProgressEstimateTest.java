package org.ktoworkbench.app.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ProgressEstimateTest {
    @Test
    void paceEtaExtrapolatesFromTheFirstObservedStep() {
        // 40 steps in 40 s: 150 left -> 150 s
        assertEquals(Duration.ofSeconds(150), ProgressEstimate.paceEta(50, 200, 10, Duration.ofSeconds(40)));
        assertNull(ProgressEstimate.paceEta(10, 200, 10, Duration.ofSeconds(3)));
    }

    @Test
    void describeShowsStepThroughputAndEta() {
        ProgressEstimate p = new ProgressEstimate(50, 200, 1500, Duration.ofSeconds(150));
        assertEquals(0.25, p.fraction(), 1e-12);
        assertEquals("step 50 / 200  ·  1,500 tokens/s  ·  ETA 2m 30s", p.describe());
        assertEquals("step 1 / 200", new ProgressEstimate(1, 200, 0, null).describe());
    }

    @Test
    void longDurationsReadInHours() {
        assertEquals("2h 05m", ProgressEstimate.format(Duration.ofMinutes(125)));
    }
}
