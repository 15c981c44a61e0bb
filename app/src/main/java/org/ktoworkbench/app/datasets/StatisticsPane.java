package org.ktoworkbench.app.datasets;

import java.util.LinkedHashMap;
import java.util.Map;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import org.ktoworkbench.app.control.HistogramView;
import org.ktoworkbench.model.data.DatasetStatistics;
import org.ktoworkbench.model.data.LengthStats;

/** Counts, prompts with both labels, and the completion-length histogram per class. */
final class StatisticsPane extends VBox {
    private final GridPane counts = new GridPane();
    private final HistogramView histogram = new HistogramView("completion length (chars)");

    StatisticsPane(ObservableValue<DatasetStatistics> statistics) {
        setSpacing(8);
        setId("statistics-pane");
        counts.setHgap(16);
        counts.setVgap(4);
        histogram.setPrefHeight(260);
        VBox.setVgrow(histogram, Priority.ALWAYS);
        getChildren().addAll(counts, histogram);
        statistics.addListener((obs, old, now) -> show(now));
        show(statistics.getValue());
    }

    private void show(DatasetStatistics s) {
        counts.getChildren().clear();
        if (s == null) {
            histogram.getData().clear();
            return;
        }
        int row = 0;
        row = add(row, "Rows", s.rows());
        row = add(row, "Desirable", s.desirable());
        row = add(row, "Undesirable", s.undesirable());
        row = add(row, "Distinct prompts", s.distinctPrompts());
        row = add(row, "Prompts with both labels", s.promptsWithBoth());
        row = add(row, "Duplicate rows", s.duplicateRows());
        row = add(row, "Conflicting rows", s.conflictingRows());
        addText(row++, "Desirable length, median / p90", lengths(s.completionDesirable()));
        addText(row, "Undesirable length, median / p90", lengths(s.completionUndesirable()));
        Map<String, java.util.List<Long>> groups = new LinkedHashMap<>();
        groups.put("desirable", s.completionDesirable().histogram());
        groups.put("undesirable", s.completionUndesirable().histogram());
        histogram.show(LengthStats.BUCKET_LABELS, groups);
    }

    private int add(int row, String name, long value) {
        addText(row, name, String.format("%,d", value));
        return row + 1;
    }

    private void addText(int row, String name, String value) {
        Label label = new Label(name);
        label.getStyleClass().add("muted");
        Label text = new Label(value);
        text.setId("stat-" + name.toLowerCase().replaceAll("[^a-z]+", "-"));
        counts.add(label, 0, row);
        counts.add(text, 1, row);
    }

    private static String lengths(LengthStats s) {
        return s.count() == 0 ? "–" : s.median() + " / " + s.p90();
    }
}
