package org.ktoworkbench.app.chart;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.DirectoryChooser;

/** "Export charts as PNG…" for a chart grid: asks for a folder, writes one PNG per chart, says what it wrote. */
public final class ChartExportControl extends HBox {
    private final MetricChartGrid grid;
    private final Supplier<String> filePrefix;
    private final Label message = new Label();

    /** @param filePrefix names the files {@code <prefix>-<chart>.png}, asked at each export (e.g. the run shown) */
    public ChartExportControl(MetricChartGrid grid, Supplier<String> filePrefix) {
        super(8);
        this.grid = grid;
        this.filePrefix = filePrefix;
        setAlignment(Pos.CENTER_RIGHT);
        HBox.setHgrow(this, Priority.ALWAYS);
        message.getStyleClass().add("muted");
        Button export = new Button("Export charts as PNG…");
        export.setId("export-pngs");
        export.setOnAction(e -> chooseFolderAndExport());
        getChildren().addAll(message, export);
    }

    private void chooseFolderAndExport() {
        DirectoryChooser chooser = new DirectoryChooser();
        chooser.setTitle("Folder for the chart PNGs");
        File dir = chooser.showDialog(getScene().getWindow());
        if (dir != null) {
            exportTo(dir.toPath());
        }
    }

    /** Writes the PNGs into {@code dir} and reports the outcome in the message line. */
    public void exportTo(Path dir) {
        try {
            List<Path> files = grid.exportPngs(dir, filePrefix.get());
            message.setText("Wrote " + files.size() + " PNGs to " + dir);
        } catch (IOException e) {
            message.setText("Could not write PNGs: " + e.getMessage());
        }
    }

    public Label message() {
        return message;
    }
}
