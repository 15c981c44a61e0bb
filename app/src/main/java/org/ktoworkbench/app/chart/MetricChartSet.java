package org.ktoworkbench.app.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * A group of charts fed from one stream of named metrics: each incoming value goes to the curves
 * that draw its metric. One smoothing setting drives every chart, as in W&amp;B. With a series
 * label (a run's name when comparing) curves are named "label · curve" so several runs overlay.
 */
public final class MetricChartSet {
    private final List<ChartSpec> specs;
    private final List<MetricChartViewModel> charts = new ArrayList<>();
    private final DoubleProperty smoothing = new SimpleDoubleProperty(this, "smoothing", 0);

    public MetricChartSet(List<ChartSpec> specs) {
        this.specs = List.copyOf(specs);
        for (ChartSpec spec : specs) {
            MetricChartViewModel chart = new MetricChartViewModel(spec.title());
            chart.smoothingProperty().bind(smoothing);
            charts.add(chart);
        }
    }

    public List<MetricChartViewModel> charts() {
        return List.copyOf(charts);
    }

    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    /** Declares the curves of one series up front so colours stay in the declared order. */
    public void defineSeries(String seriesLabel) {
        for (int c = 0; c < specs.size(); c++) {
            for (ChartSpec.CurveSpec curve : specs.get(c).curves()) {
                charts.get(c).defineCurve(curveName(seriesLabel, curve), curve.style());
            }
        }
    }

    /** Draws every curve of one series in {@code color} (null: the theme's), thicker when {@code emphasized}. */
    public void colorSeries(String seriesLabel, String color, boolean emphasized) {
        for (int c = 0; c < specs.size(); c++) {
            for (ChartSpec.CurveSpec curve : specs.get(c).curves()) {
                charts.get(c).colorCurve(curveName(seriesLabel, curve), color, emphasized);
            }
        }
    }

    /** Routes one step's metrics to the charts; metrics no chart draws are ignored. */
    public void add(String seriesLabel, long step, Map<String, Double> values) {
        for (int c = 0; c < specs.size(); c++) {
            for (ChartSpec.CurveSpec curve : specs.get(c).curves()) {
                Double v = values.get(curve.metric());
                if (v != null) {
                    charts.get(c).add(curveName(seriesLabel, curve), step, v);
                }
            }
        }
    }

    public void clear() {
        charts.forEach(MetricChartViewModel::clear);
    }

    /** True when every chart has at least one point. */
    public boolean everyChartHasPoints() {
        return charts.stream().allMatch(c -> c.totalPointCount() > 0);
    }

    private static String curveName(String seriesLabel, ChartSpec.CurveSpec curve) {
        return seriesLabel == null ? curve.label() : seriesLabel + " · " + curve.label();
    }
}
