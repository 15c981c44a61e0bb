package org.ktoworkbench.app.compare;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.ktoworkbench.app.chart.ChartExportControl;
import org.ktoworkbench.app.chart.MetricChartGrid;
import org.ktoworkbench.app.runs.RunsTable;

/** Several runs' curves overlaid, with PNG export of each chart, and the runs' settings and results below. */
public final class ComparePage extends VBox {
    /** The table's column header and borders, in pixels. */
    private static final double HEADER_HEIGHT = 44;

    private final MetricChartGrid grid;

    public ComparePage(CompareViewModel viewModel) {
        getStyleClass().add("page");
        setId("compare-page");
        Label title = new Label("Compare runs");
        title.getStyleClass().add("page-title");
        Label subtitle = new Label();
        subtitle.getStyleClass().add("muted");
        subtitle.textProperty().bind(viewModel.titleProperty());
        grid = new MetricChartGrid(viewModel.charts());
        grid.toolbar().getChildren().add(new ChartExportControl(grid, () -> "compare"));
        HBox header = new HBox(12, title, subtitle);
        header.setAlignment(Pos.BASELINE_LEFT);
        VBox.setVgrow(grid, Priority.ALWAYS);
        RunsTable table = new RunsTable(viewModel.runs());
        table.setId("compare-table");
        // a row per compared run and the header, never more than a few rows' height
        table.prefHeightProperty().bind(Bindings.min(6, Bindings.size(viewModel.runs()))
                .multiply(table.getFixedCellSize()).add(HEADER_HEIGHT));
        table.setMinHeight(Region.USE_PREF_SIZE);
        getChildren().addAll(header, grid, table);
    }

    public MetricChartGrid grid() {
        return grid;
    }
}
