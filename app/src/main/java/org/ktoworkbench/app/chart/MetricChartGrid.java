package org.ktoworkbench.app.chart;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.VBox;

import org.ktoworkbench.app.export.PngWriter;

/** The charts of a {@link MetricChartSet} in a two-column grid (an odd last one across both) under a smoothing slider. */
public final class MetricChartGrid extends VBox {
    private final List<MetricChartView> views = new ArrayList<>();
    private final HBox toolbar;

    public MetricChartGrid(MetricChartSet set) {
        setSpacing(8);
        Slider smoothing = new Slider(0, MetricChartViewModel.MAX_SMOOTHING, 0);
        smoothing.setId("smoothing-slider");
        smoothing.setPrefWidth(180);
        smoothing.valueProperty().bindBidirectional(set.smoothingProperty());
        Label value = new Label();
        value.textProperty().bind(set.smoothingProperty().asString("%.2f"));
        value.getStyleClass().add("muted");
        toolbar = new HBox(8, new Label("Smoothing"), smoothing, value);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(8);
        List<MetricChartViewModel> charts = set.charts();
        int rows = (charts.size() + 1) / 2;
        for (int c = 0; c < 2; c++) {
            ColumnConstraints col = new ColumnConstraints();
            col.setPercentWidth(50);
            grid.getColumnConstraints().add(col);
        }
        for (int r = 0; r < rows; r++) {
            RowConstraints row = new RowConstraints();
            row.setPercentHeight(100.0 / rows);
            row.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(row);
        }
        for (int i = 0; i < charts.size(); i++) {
            MetricChartView view = new MetricChartView(charts.get(i));
            views.add(view);
            // an odd last chart takes the whole row rather than leaving a hole beside it
            boolean alone = i == charts.size() - 1 && i % 2 == 0;
            grid.add(view, i % 2, i / 2, alone ? 2 : 1, 1);
        }
        VBox.setVgrow(grid, Priority.ALWAYS);
        getChildren().addAll(toolbar, grid);
    }

    /** Where pages add their own controls next to the smoothing slider. */
    public HBox toolbar() {
        return toolbar;
    }

    public List<MetricChartView> views() {
        return List.copyOf(views);
    }

    public void redrawNow() {
        views.forEach(MetricChartView::redrawNow);
    }

    /** Writes each chart as {@code <dir>/<prefix>-<title>.png}; returns the files written. */
    public List<Path> exportPngs(Path dir, String prefix) throws IOException {
        List<Path> files = new ArrayList<>();
        for (MetricChartView view : views) {
            view.redrawNow();
            String name = view.viewModel().title().toLowerCase().replaceAll("[^a-z0-9]+", "-");
            Path file = dir.resolve(prefix + "-" + name + ".png");
            PngWriter.write(view, file);
            files.add(file);
        }
        return files;
    }
}
