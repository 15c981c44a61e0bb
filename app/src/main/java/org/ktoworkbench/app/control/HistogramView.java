package org.ktoworkbench.app.control;

import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/** A bar chart of a {@link Histogram}. */
public final class HistogramView extends BarChart<String, Number> {
    public HistogramView(String xLabel) {
        super(new CategoryAxis(), new NumberAxis());
        getStyleClass().add("histogram");
        setAnimated(false);
        setLegendVisible(false);
        setBarGap(0);
        setCategoryGap(1);
        getXAxis().setLabel(xLabel);
        getYAxis().setLabel("rows");
    }

    public void show(Histogram histogram) {
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        for (int i = 0; i < histogram.counts().length; i++) {
            series.getData().add(new XYChart.Data<>(histogram.binLabel(i), histogram.counts()[i]));
        }
        getData().setAll(series);
    }
}
