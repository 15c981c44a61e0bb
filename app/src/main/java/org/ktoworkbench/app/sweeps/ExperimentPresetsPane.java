package org.ktoworkbench.app.sweeps;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.ktoworkbench.app.control.NumberField;
import org.ktoworkbench.model.experiments.Experiment;

/** A button per paper experiment, quick mode and seeds, and the running one's progress with Cancel. */
public final class ExperimentPresetsPane extends VBox {
    public ExperimentPresetsPane(ExperimentPresets presets) {
        getStyleClass().add("card");
        setSpacing(8);
        Label heading = new Label("The paper's experiments");
        heading.getStyleClass().add("section-title");
        Label what = new Label("Each trains one SFT base on the embedded task, then its arms as a sweep "
                + "(as experiments run NAME).");
        what.getStyleClass().add("muted");
        what.setWrapText(true);

        FlowPane buttons = new FlowPane(6, 6);
        buttons.setId("preset-buttons");
        for (Experiment e : presets.all()) {
            Button b = new Button(e.name());
            b.setId("preset-" + e.name());
            Tooltip tip = new Tooltip(e.description() + "\nThe paper: " + e.paperSays());
            tip.setWrapText(true);
            tip.setMaxWidth(360);
            b.setTooltip(tip);
            b.disableProperty().bind(presets.canStartProperty().not());
            b.setOnAction(ev -> presets.start(e));
            buttons.getChildren().add(b);
        }
        CheckBox quick = new CheckBox("Quick: a tiny model, seconds per arm (its numbers mean nothing)");
        quick.setId("preset-quick");
        quick.setWrapText(true);
        quick.selectedProperty().bindBidirectional(presets.quickProperty());
        Label seedsLabel = new Label("Seeds per arm");
        NumberField seeds = new NumberField(presets.seeds(), "preset-seeds");
        HBox seedsRow = new HBox(8, seedsLabel, seeds);
        seedsRow.setAlignment(Pos.CENTER_LEFT);

        ProgressBar bar = new ProgressBar();
        bar.setId("preset-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(presets.progressProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-preset");
        cancel.getStyleClass().add("danger");
        cancel.setMinWidth(Region.USE_PREF_SIZE);
        cancel.setOnAction(ev -> presets.cancel());
        HBox progressRow = new HBox(8, bar, cancel);
        HBox.setHgrow(bar, Priority.ALWAYS);
        progressRow.setAlignment(Pos.CENTER_LEFT);
        progressRow.visibleProperty().bind(presets.runningProperty().isNotNull());
        progressRow.managedProperty().bind(progressRow.visibleProperty());
        Label status = new Label();
        status.setId("preset-status");
        status.getStyleClass().add("muted");
        status.setWrapText(true);
        status.textProperty().bind(presets.statusProperty());
        status.managedProperty().bind(presets.statusProperty().isNotEmpty());
        status.visibleProperty().bind(status.managedProperty());
        getChildren().addAll(heading, what, buttons, quick, seedsRow, progressRow, status);
    }
}
