package org.ktoworkbench.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class MetricChartViewModelTest {

    @Test
    void downsamplingBoundsDrawnPointsAndKeepsSpikes() {
        MetricChartViewModel vm = new MetricChartViewModel("loss");
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            double v = i == 54_321 ? 50.0 : 1.0 + 0.001 * Math.sin(i);
            vm.add("loss", i, v);
        }
        List<DrawnCurve> frame = vm.frame(500);
        DrawnCurve drawn = frame.get(0);
        assertTrue(drawn.size() <= 2 * 500 + 2, "drawn " + drawn.size());
        assertTrue(drawn.size() >= 500, "too few drawn points " + drawn.size());
        double max = 0;
        for (double y : drawn.y()) {
            max = Math.max(max, y);
        }
        assertEquals(50.0, max, "the single spike must survive downsampling");
        assertEquals(0, drawn.x()[0]);
        assertEquals(n - 1, drawn.x()[drawn.size() - 1]);
        assertEquals(n, vm.pointCount("loss"), "all data is kept");
    }

    @Test
    void downsampledPointsStayInStepOrder() {
        double[] x = new double[10_000];
        double[] y = new double[10_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = i;
            y[i] = (i * 7919) % 101;
        }
        MinMaxDownsampler.Sampled s = MinMaxDownsampler.downsample(x, y, x.length, 37);
        for (int i = 1; i < s.size(); i++) {
            assertTrue(s.x()[i] > s.x()[i - 1], "x not increasing at " + i);
        }
    }

    @Test
    void shortSeriesAreDrawnUnchanged() {
        MetricChartViewModel vm = new MetricChartViewModel("kl");
        vm.add("kl", 1, 0.5);
        vm.add("kl", 2, 0.25);
        DrawnCurve drawn = vm.frame(800).get(0);
        assertEquals(2, drawn.size());
        assertEquals(0.25, drawn.y()[1]);
    }

    @Test
    void emaIsDebiasedLikeTensorBoard() {
        double[] values = {10, 20, 30};
        double[] s = EmaSmoother.smooth(values, 3, 0.5);
        assertEquals(10.0, s[0], 1e-12, "first point is not pulled toward zero");
        // last = 0.5*5 + 0.5*20 = 12.5, debias 1-0.25 = 0.75
        assertEquals(12.5 / 0.75, s[1], 1e-12);
        // last = 0.5*12.5 + 15 = 21.25, debias 0.875
        assertEquals(21.25 / 0.875, s[2], 1e-12);
    }

    @Test
    void smoothingChangesTheFrameButNotTheReadoutRawValue() {
        MetricChartViewModel vm = new MetricChartViewModel("loss");
        for (int i = 0; i < 100; i++) {
            vm.add("loss", i, i % 2 == 0 ? 0.0 : 1.0);
        }
        vm.smoothingProperty().set(0.9);
        DrawnCurve drawn = vm.frame(1000).get(0);
        assertTrue(Math.abs(drawn.y()[99] - 0.5) < 0.1, "smoothed alternating series sits near 0.5: " + drawn.y()[99]);
        Readout r = vm.readout(99.2).orElseThrow();
        assertEquals(99.0, r.readings().get(0).step());
        assertEquals(1.0, r.readings().get(0).raw());
        assertEquals(drawn.y()[99], r.readings().get(0).smoothed(), 1e-12);
    }

    @Test
    void smoothingIsClampedToItsRange() {
        MetricChartViewModel vm = new MetricChartViewModel("loss");
        vm.smoothingProperty().set(1.5);
        assertEquals(MetricChartViewModel.MAX_SMOOTHING, vm.smoothingProperty().get());
        vm.smoothingProperty().set(-1);
        assertEquals(0.0, vm.smoothingProperty().get());
    }

    @Test
    void bandsAreNeverSmoothed() {
        MetricChartViewModel vm = new MetricChartViewModel("winrate");
        vm.defineCurve("winrate", CurveStyle.LINE);
        vm.defineCurve("ci low", CurveStyle.BAND);
        vm.add("winrate", 0, 0.4);
        vm.add("winrate", 10, 0.8);
        vm.add("ci low", 0, 0.3);
        vm.add("ci low", 10, 0.7);
        vm.smoothingProperty().set(0.9);
        List<DrawnCurve> frame = vm.frame(800);
        assertEquals(0.7, frame.get(1).y()[1], 1e-12);
        assertTrue(frame.get(0).y()[1] < 0.8);
    }

    @Test
    void logScaleOnlyWhereAllValuesArePositive() {
        MetricChartViewModel vm = new MetricChartViewModel("loss");
        vm.add("loss", 0, 100);
        vm.add("loss", 1, 0.01);
        vm.logScaleProperty().set(true);
        assertTrue(vm.logScaleAvailableProperty().get());
        DrawnCurve drawn = vm.frame(800).get(0);
        assertEquals(2.0, drawn.y()[0], 1e-12);
        assertEquals(-2.0, drawn.y()[1], 1e-12);

        vm.add("margins", 0, -0.3);
        assertFalse(vm.logScaleAvailableProperty().get());
        assertFalse(vm.isLogScaleInEffect());
        assertEquals(100.0, vm.frame(800).get(0).y()[0], 1e-12);
    }

    @Test
    void nearestIndexFindsClosestStep() {
        PointSeries s = new PointSeries();
        for (int i = 0; i < 100; i++) {
            s.add(i * 10, i);
        }
        assertEquals(0, s.nearestIndex(-5));
        assertEquals(4, s.nearestIndex(44));
        assertEquals(5, s.nearestIndex(46));
        assertEquals(99, s.nearestIndex(5000));
    }

    @Test
    void throttleCoalescesRequestsAndKeepsTheInterval() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        RedrawThrottle t = new RedrawThrottle(100_000_000L, now::get);
        assertEquals(0, t.request(), "first redraw is immediate");
        assertEquals(-1, t.request(), "absorbed by the pending redraw");
        t.redrawn();
        now.addAndGet(30_000_000L);
        assertEquals(70_000_000L, t.request(), "waits out the rest of the 100 ms");
        assertEquals(-1, t.request());
        now.addAndGet(70_000_000L);
        t.redrawn();
        now.addAndGet(500_000_000L);
        assertEquals(0, t.request(), "an old redraw allows an immediate one");
    }

    @Test
    void throttleNeverAllowsMoreThanTenRedrawsPerSecond() {
        AtomicLong now = new AtomicLong(0);
        RedrawThrottle t = new RedrawThrottle(100_000_000L, now::get);
        long scheduledAt = -1;
        int redraws = 0;
        // a request every millisecond for 2 simulated seconds
        for (long ms = 0; ms <= 2000; ms++) {
            now.set(ms * 1_000_000L);
            if (scheduledAt >= 0 && now.get() >= scheduledAt) {
                t.redrawn();
                redraws++;
                scheduledAt = -1;
            }
            long delay = t.request();
            if (delay >= 0) {
                scheduledAt = now.get() + delay;
            }
        }
        assertTrue(redraws <= 21 && redraws >= 19, "redraws in 2 s: " + redraws);
    }
}
