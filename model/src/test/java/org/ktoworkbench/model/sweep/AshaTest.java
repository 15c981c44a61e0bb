package org.ktoworkbench.model.sweep;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AshaTest {
    @Test
    void rungsAreEvalEveryTimesPowersOfThree() {
        List<Long> rungs = new ArrayList<>();
        for (long step = 1; step <= 300; step++) if (Asha.isRung(step, 10)) rungs.add(step);
        assertEquals(List.of(10L, 30L, 90L, 270L), rungs);
        assertFalse(Asha.isRung(10, 0));
    }

    /**
     * Nine runs arrive one after another at rung 10 with a constructed winrate; each goes on only if it is in the best
     * ⌈n/3⌉ of the n runs at the rung so far. Worked by hand: 0.50 (alone) on; 0.40 (2nd of 2, keep 1) stop; 0.60 (1st
     * of 3) on; 0.55 (2nd of 4, keep 2) on; 0.30 (5th of 5, keep 2) stop; 0.65 (1st of 6) on; 0.52 (4th of 7, keep 3)
     * stop; 0.58 (3rd of 8, keep 3) on; 0.56 (4th of 9, keep 3) stop.
     */
    @Test
    void eachArrivalGoesOnOnlyInTheBestThirdSoFar() {
        double[] arrivals = {0.50, 0.40, 0.60, 0.55, 0.30, 0.65, 0.52, 0.58, 0.56};
        boolean[] expectStop = {false, true, false, false, true, false, true, false, true};
        List<Double> atRung = new ArrayList<>();
        for (int i = 0; i < arrivals.length; i++) {
            Optional<String> stop = Asha.stop("winrate", 10, arrivals[i], atRung, SweepSpec.Goal.MAX);
            assertEquals(expectStop[i], stop.isPresent(), "arrival " + (i + 1) + " (" + arrivals[i] + "): " + stop);
            atRung.add(arrivals[i]);
        }
        assertEquals("stopped by ASHA at step 10: winrate 0.5600 ranks 4 of 9 runs at this rung; only the best 3 (1/3) go on",
                Asha.stop("winrate", 10, 0.56, atRung.subList(0, 8), SweepSpec.Goal.MAX).orElseThrow());
    }

    @Test
    void forALossLowerIsBetter() {
        assertTrue(Asha.stop("eval/loss", 10, 0.9, List.of(0.5), SweepSpec.Goal.MIN).isPresent());
        assertTrue(Asha.stop("eval/loss", 10, 0.4, List.of(0.5), SweepSpec.Goal.MIN).isEmpty());
    }
}
