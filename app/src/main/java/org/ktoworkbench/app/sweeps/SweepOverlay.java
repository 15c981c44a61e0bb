package org.ktoworkbench.app.sweeps;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.ktoworkbench.app.chart.MetricChartSet;
import org.ktoworkbench.app.run.RunCharts;
import org.ktoworkbench.model.sweep.SweepResults;

/**
 * Every run of a sweep overlaid on the comparison charts (loss, reward gap, KL, winrate), one series per point,
 * coloured by the value of a chosen parameter with a legend naming the values; the best run is drawn thicker.
 * A point keeps the series name it first got ("#3 β=0.1, λD=1.5"), so adding points never renames curves.
 */
public final class SweepOverlay {
    /** A legend line: the colour and the value it stands for. */
    public record LegendEntry(String text, String color) {
    }

    private final MetricChartSet charts = new MetricChartSet(RunCharts.comparison());
    private final Map<Integer, String> labels = new HashMap<>();
    private final ObservableList<LegendEntry> legend = FXCollections.observableArrayList();

    public void clear() {
        charts.clear();
        labels.clear();
        legend.clear();
    }

    /** Declares a series for each point that has a run, named by its varying parameters (and seed when seeds vary). */
    public void define(List<SweepResults.Row> rows, List<String> varying, boolean seedsVary) {
        for (SweepResults.Row r : rows) {
            if (r.runId() == null || labels.containsKey(r.number())) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (String f : varying) {
                parts.add(SweepField.labelOf(f) + "=" + ParameterColors.display(r.values().getOrDefault(f, "")));
            }
            if (seedsVary) {
                parts.add("seed " + r.seed());
            }
            String label = "#" + r.number() + (parts.isEmpty() ? "" : " " + String.join(", ", parts));
            labels.put(r.number(), label);
            charts.defineSeries(label);
        }
    }

    /** One step's metrics of point {@code number}'s run; ignored before the point is defined. */
    public void add(int number, long step, Map<String, Double> values) {
        String label = labels.get(number);
        if (label != null) {
            charts.add(label, step, values);
        }
    }

    /**
     * Colours each point's curves by its value of {@code colorBy} (a parameter, or "seed") and rebuilds the legend;
     * {@code best} (a point number, or null) is drawn thicker.
     */
    public void recolor(List<SweepResults.Row> rows, String colorBy, Integer best) {
        List<String> values = rows.stream().map(r -> valueOf(r, colorBy)).toList();
        Map<String, String> colors = ParameterColors.assign(values);
        for (SweepResults.Row r : rows) {
            String label = labels.get(r.number());
            if (label != null) {
                charts.colorSeries(label, colorBy == null ? null : colors.get(valueOf(r, colorBy)),
                        r.number() == (best == null ? -1 : best));
            }
        }
        List<LegendEntry> entries = new ArrayList<>();
        if (colorBy != null) {
            String name = colorBy.equals(SEED) ? "seed" : SweepField.labelOf(colorBy);
            colors.forEach((value, color) -> entries.add(new LegendEntry(name + " = " + ParameterColors.display(value), color)));
        }
        legend.setAll(entries);
    }

    /** The pseudo-parameter that colours by replicate. */
    public static final String SEED = "seed";

    private static String valueOf(SweepResults.Row r, String colorBy) {
        if (colorBy == null) {
            return "";
        }
        return colorBy.equals(SEED) ? Long.toString(r.seed()) : r.values().getOrDefault(colorBy, "");
    }

    public MetricChartSet charts() {
        return charts;
    }

    /** The series name of point {@code number}; null before it has a run. */
    public String label(int number) {
        return labels.get(number);
    }

    public ObservableList<LegendEntry> legend() {
        return legend;
    }
}
