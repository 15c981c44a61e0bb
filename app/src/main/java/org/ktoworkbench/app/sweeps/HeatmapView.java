package org.ktoworkbench.app.sweeps;

import java.util.List;

import javafx.beans.value.ObservableValue;
import javafx.geometry.HPos;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import org.ktoworkbench.app.chart.ValueFormat;

/**
 * A two-parameter sweep as a grid of cells coloured by the metric (mean over seeds), each showing its value and
 * interval, the best outlined, with a colour bar; hovering a cell shows its exact values above the grid.
 */
public final class HeatmapView extends VBox {
    private final Label readout = new Label(" ");
    private final Label empty = new Label();
    private final GridPane grid = new GridPane();
    private final VBox colorBar = new VBox();

    public HeatmapView(ObservableValue<Heatmap> heatmap) {
        getStyleClass().add("heatmap");
        setSpacing(6);
        readout.getStyleClass().add("heatmap-readout");
        readout.setId("heatmap-readout");
        empty.getStyleClass().add("muted");
        empty.setWrapText(true);
        grid.setHgap(2);
        grid.setVgap(2);
        HBox.setHgrow(grid, Priority.ALWAYS);
        HBox body = new HBox(10, grid, colorBar);
        VBox.setVgrow(body, Priority.ALWAYS);
        getChildren().addAll(readout, empty, body);
        heatmap.addListener((obs, old, now) -> show(now));
        show(heatmap.getValue());
    }

    private void show(Heatmap map) {
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        colorBar.getChildren().clear();
        readout.setText(" ");
        empty.setVisible(map == null);
        empty.setManaged(map == null);
        empty.setText("The heatmap shows sweeps in which exactly two parameters vary (e.g. β × λD).");
        if (map == null) {
            return;
        }
        List<String> fields = List.of(map.xField(), map.yField());
        ColumnConstraints header = new ColumnConstraints();
        header.setHalignment(HPos.RIGHT);
        grid.getColumnConstraints().add(header);
        for (int i = 0; i < map.xValues().size(); i++) {
            ColumnConstraints c = new ColumnConstraints(60, 110, Double.MAX_VALUE);
            c.setHgrow(Priority.ALWAYS);
            c.setHalignment(HPos.CENTER);
            grid.getColumnConstraints().add(c);
        }
        grid.getRowConstraints().add(new RowConstraints());
        for (int j = 0; j < map.yValues().size(); j++) {
            RowConstraints r = new RowConstraints(36, 64, Double.MAX_VALUE);
            r.setVgrow(Priority.ALWAYS);
            r.setValignment(VPos.CENTER);
            grid.getRowConstraints().add(r);
        }
        Label corner = axisLabel(SweepField.labelOf(map.yField()) + " \\ " + SweepField.labelOf(map.xField()));
        grid.add(corner, 0, 0);
        for (int i = 0; i < map.xValues().size(); i++) {
            grid.add(axisLabel(map.xValues().get(i)), i + 1, 0);
        }
        // the largest y at the top, as on a plot
        for (int j = 0; j < map.yValues().size(); j++) {
            String y = map.yValues().get(map.yValues().size() - 1 - j);
            grid.add(axisLabel(y), 0, j + 1);
            for (int i = 0; i < map.xValues().size(); i++) {
                String x = map.xValues().get(i);
                StackPane cell = cell(map, map.cell(x, y).orElse(null), fields);
                cell.setId("heatmap-cell-" + i + "-" + (map.yValues().size() - 1 - j));
                grid.add(cell, i + 1, j + 1);
            }
        }
        buildColorBar(map);
    }

    private StackPane cell(Heatmap map, Heatmap.Cell c, List<String> fields) {
        StackPane pane = new StackPane();
        pane.getStyleClass().add("heatmap-cell");
        pane.setMinSize(60, 36);
        pane.setMaxSize(Double.MAX_VALUE, Double.MAX_VALUE);
        if (c == null || c.setting().mean() == null) {
            pane.getStyleClass().add("heatmap-cell-empty");
            Label none = new Label(c == null ? "" : "—");
            none.getStyleClass().add("muted");
            pane.getChildren().add(none);
            if (c != null) {
                pane.setOnMouseEntered(e -> readout.setText(c.setting().describe(fields, map.metric())));
            }
            return pane;
        }
        double t = map.position(c.setting().mean());
        pane.setStyle("-fx-background-color: " + ColorScale.web(t) + ";");
        if (c.best()) {
            pane.getStyleClass().add("heatmap-cell-best");
        }
        String ink = "-fx-text-fill: " + (ColorScale.lightBackground(t) ? "black" : "white") + ";";
        Label value = new Label(ValueFormat.compact(c.setting().mean()));
        value.setStyle("-fx-font-weight: bold; " + ink);
        VBox text = new VBox(0, value);
        text.setAlignment(Pos.CENTER);
        text.setMouseTransparent(true);
        if (c.setting().interval() != null) {
            Label interval = new Label("[" + ValueFormat.compact(c.setting().interval()[0]) + ", "
                    + ValueFormat.compact(c.setting().interval()[1]) + "]");
            interval.setStyle("-fx-font-size: 10px; " + ink);
            text.getChildren().add(interval);
        }
        pane.getChildren().add(text);
        if (c.best()) {
            Label star = new Label("★ best");
            star.setStyle("-fx-font-size: 10px; -fx-padding: 1 4 0 0; " + ink);
            StackPane.setAlignment(star, Pos.TOP_RIGHT);
            pane.getChildren().add(star);
        }
        String exact = c.setting().describe(fields, map.metric());
        pane.setOnMouseEntered(e -> readout.setText(exact));
        return pane;
    }

    private void buildColorBar(Heatmap map) {
        colorBar.setAlignment(Pos.CENTER);
        colorBar.setSpacing(0);
        colorBar.setMinWidth(Region.USE_PREF_SIZE);
        Label top = new Label(ValueFormat.compact(map.max()));
        top.getStyleClass().add("muted");
        top.setMinWidth(Region.USE_PREF_SIZE);
        colorBar.getChildren().add(top);
        int steps = 24;
        for (int k = steps - 1; k >= 0; k--) {
            Region band = new Region();
            band.setPrefSize(14, 6);
            band.setMinHeight(3);
            band.setStyle("-fx-background-color: " + ColorScale.web(k / (double) (steps - 1)) + ";");
            VBox.setVgrow(band, Priority.ALWAYS);
            colorBar.getChildren().add(band);
        }
        Label bottom = new Label(ValueFormat.compact(map.min()));
        bottom.getStyleClass().add("muted");
        bottom.setMinWidth(Region.USE_PREF_SIZE);
        Label name = new Label(map.metric());
        name.getStyleClass().add("muted");
        name.setMinWidth(Region.USE_PREF_SIZE);
        colorBar.getChildren().addAll(bottom, name);
    }

    private static Label axisLabel(String text) {
        Label label = new Label(text);
        label.getStyleClass().add("heatmap-axis");
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    /** The exact values of the cell last hovered, blank before any. */
    public String readoutText() {
        return readout.getText().isBlank() ? "" : readout.getText();
    }

    public GridPane grid() {
        return grid;
    }
}
