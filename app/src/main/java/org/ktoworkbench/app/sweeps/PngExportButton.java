package org.ktoworkbench.app.sweeps;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.stage.FileChooser;

import org.ktoworkbench.app.export.PngWriter;

/** "PNG…": asks where, writes one view as a PNG, reports what it wrote (or why not). */
public final class PngExportButton extends Button {
    private final Node view;
    private final Supplier<String> fileName;
    private final Consumer<String> report;

    public PngExportButton(String text, Node view, Supplier<String> fileName, Consumer<String> report) {
        super(text);
        this.view = view;
        this.fileName = fileName;
        this.report = report;
        setOnAction(e -> choose());
    }

    private void choose() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Save as PNG");
        chooser.setInitialFileName(fileName.get());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image", "*.png"));
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            exportTo(file.toPath());
        }
    }

    /** Writes the view to {@code file} (on the FX thread: a snapshot must be taken there). */
    public void exportTo(Path file) {
        try {
            PngWriter.write(view, file);
            report.accept("Wrote " + file);
        } catch (IOException e) {
            report.accept("Could not write " + file + ": " + e.getMessage());
        }
    }
}
