package org.ktoworkbench.app.chart;

import java.util.List;

/** A chart to build: its title and which metrics it draws, under which curve names. */
public record ChartSpec(String title, List<CurveSpec> curves) {
    /** One metric (by its logged name) drawn as a curve. */
    public record CurveSpec(String metric, String label, CurveStyle style) {
        public static CurveSpec line(String metric, String label) {
            return new CurveSpec(metric, label, CurveStyle.LINE);
        }

        public static CurveSpec band(String metric, String label) {
            return new CurveSpec(metric, label, CurveStyle.BAND);
        }
    }

    public static ChartSpec of(String title, CurveSpec... curves) {
        return new ChartSpec(title, List.of(curves));
    }
}
