package org.ktoworkbench.app.control;

import java.util.List;
import java.util.Map;

import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;

/** A bar chart of counts per bucket, one bar series per group (e.g. desirable and undesirable). */
public final class HistogramView extends BarChart<String, Number> {
    public HistogramView(String xLabel) {
        super(new CategoryAxis(), new NumberAxis());
        getStyleClass().add("histogram");
        setAnimated(false);
        setBarGap(0);
        setCategoryGap(4);
        getXAxis().setLabel(xLabel);
        getYAxis().setLabel("rows");
        ((CategoryAxis) getXAxis()).setTickLabelRotation(-40);
    }

    /** @param groups group name to one count per bucket label, in the order of {@code bucketLabels} */
    public void show(List<String> bucketLabels, Map<String, List<Long>> groups) {
        getData().clear();
        groups.forEach((name, counts) -> {
            XYChart.Series<String, Number> series = new XYChart.Series<>();
            series.setName(name);
            for (int i = 0; i < bucketLabels.size(); i++) {
                series.getData().add(new XYChart.Data<>(bucketLabels.get(i), counts.get(i)));
            }
            getData().add(series);
        });
    }
}
