package org.ktoworkbench.app.control;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HistogramTest {
    @Test
    void binsHaveNiceWidthsAndCountEveryValue() {
        int[] lengths = {0, 3, 9, 10, 19, 20, 95};
        Histogram h = Histogram.of(lengths, lengths.length, 10);
        assertEquals(10, h.binWidth());
        assertArrayEquals(new long[] {3, 2, 1, 0, 0, 0, 0, 0, 0, 1}, h.counts());
        assertEquals(7, h.total());
        assertEquals("10–19", h.binLabel(1));
    }

    @Test
    void niceWidthRoundsUpToOneTwoOrFive() {
        assertEquals(1, Histogram.niceWidth(0.3));
        assertEquals(20, Histogram.niceWidth(13));
        assertEquals(50, Histogram.niceWidth(21));
        assertEquals(100, Histogram.niceWidth(51));
    }
}
