package org.ktoworkbench.app.chart;

/** How a curve is drawn: a metric line (smoothable) or an interval bound (dashed, never smoothed). */
public enum CurveStyle {
    LINE,
    BAND
}
