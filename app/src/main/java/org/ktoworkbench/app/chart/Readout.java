package org.ktoworkbench.app.chart;

import java.util.List;

/** Exact values under the pointer: for each curve, its point nearest to the hovered step. */
public record Readout(List<Reading> readings) {
    public record Reading(String curve, double step, double raw, double smoothed) {
    }

    public String format() {
        StringBuilder text = new StringBuilder();
        for (Reading r : readings) {
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(r.curve()).append("  step ").append(ValueFormat.step(r.step()))
                    .append(": ").append(ValueFormat.exact(r.raw()));
            if (Double.compare(r.raw(), r.smoothed()) != 0) {
                text.append("  (smoothed ").append(ValueFormat.exact(r.smoothed())).append(')');
            }
        }
        return text.toString();
    }
}
