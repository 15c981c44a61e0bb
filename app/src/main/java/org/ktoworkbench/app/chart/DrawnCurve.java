package org.ktoworkbench.app.chart;

/** One curve as it should be drawn: downsampled, smoothed and (on a log axis) in log10 units. */
public record DrawnCurve(String name, CurveStyle style, double[] x, double[] y) {
    public int size() {
        return x.length;
    }
}
