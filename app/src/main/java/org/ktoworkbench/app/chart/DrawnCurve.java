package org.ktoworkbench.app.chart;

/**
 * One curve as it should be drawn: downsampled, smoothed and (on a log axis) in log10 units; {@code color} (a web colour)
 * is null when the theme's series colours apply, {@code emphasized} draws it thicker (a sweep's best run).
 */
public record DrawnCurve(String name, CurveStyle style, String color, boolean emphasized, double[] x, double[] y) {
    public int size() {
        return x.length;
    }
}
