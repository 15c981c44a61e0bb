package org.ktoworkbench.model.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TimingsTest {

    @Test
    void medianMeanAndBest() {
        Timings odd = new Timings(new double[] {30, 10, 20});
        assertEquals(20, odd.median());
        assertEquals(20, odd.mean());
        assertEquals(10, odd.best());
        assertEquals(25, new Timings(new double[] {40, 10, 20, 30}).median());
        assertThrows(IllegalArgumentException.class, () -> new Timings(new double[0]));
    }
}
