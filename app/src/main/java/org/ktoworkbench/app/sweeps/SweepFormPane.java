package org.ktoworkbench.app.sweeps;

import java.util.Locale;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.ktoworkbench.app.control.NumberField;
import org.ktoworkbench.app.control.TextCells;
import org.ktoworkbench.model.sweep.SweepSpec;

/**
 * The sweep definition: comma-separated values per field, or N random draws from a range per field (each checked in
 * place, the field named in its error), seeds,
 * metric and goal, ASHA, the λ balance of every point, and Create and run / Add to the selected sweep.
 */
public final class SweepFormPane extends VBox {
    public SweepFormPane(SweepsViewModel viewModel) {
        SweepForm form = viewModel.form();
        getStyleClass().add("card");
        setSpacing(8);
        Label heading = new Label("Define a sweep");
        heading.getStyleClass().add("section-title");
        Label base = new Label();
        base.setId("sweep-base");
        base.getStyleClass().add("muted");
        base.setWrapText(true);
        base.textProperty().bind(form.baseTextProperty());

        GridPane grid = new GridPane();
        grid.setHgap(8);
        grid.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints(92);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields);
        int row = 0;
        TextField name = new TextField();
        name.setId("sweep-name");
        name.setPromptText("optional");
        name.textProperty().bindBidirectional(form.nameProperty());
        grid.addRow(row++, new Label("Name"), name);
        for (SweepField f : SweepField.values()) {
            grid.addRow(row++, new Label(f.label()), valuesField(form.field(f)));
        }
        Label drawsHeading = new Label("Random draws from ranges LO:HI (uniform, or log-uniform)");
        drawsHeading.getStyleClass().add("muted");
        drawsHeading.setWrapText(true);
        grid.add(drawsHeading, 0, row++, 2, 1);
        grid.addRow(row++, new Label("Draws"), new NumberField(form.draws(), "sweep-draws"));
        for (SweepField f : SweepField.values()) {
            if (form.range(f) != null) {
                grid.addRow(row++, new Label(f.label()), rangeField(form.range(f)));
            }
        }
        grid.addRow(row++, new Label("Seeds"), new NumberField(form.seeds(), "sweep-seeds"));
        ComboBox<String> metric = new ComboBox<>();
        metric.setId("sweep-metric");
        metric.setEditable(true);
        metric.getItems().setAll(SweepForm.METRICS);
        metric.valueProperty().bindBidirectional(form.metricProperty());
        ComboBox<SweepSpec.Goal> goal = new ComboBox<>();
        goal.setId("sweep-goal");
        goal.getItems().setAll(SweepSpec.Goal.values());
        goal.valueProperty().bindBidirectional(form.goalProperty());
        goal.setMinWidth(Region.USE_PREF_SIZE);
        TextCells.use(goal, g -> g == null ? null : g.name().toLowerCase(Locale.ROOT));
        HBox metricRow = new HBox(6, metric, goal);
        HBox.setHgrow(metric, Priority.ALWAYS);
        grid.addRow(row++, new Label("Metric"), metricRow);
        CheckBox asha = new CheckBox("ASHA: stop trailing runs at eval points");
        asha.setId("sweep-asha");
        asha.setWrapText(true);
        asha.selectedProperty().bindBidirectional(form.ashaProperty());
        grid.add(asha, 0, row, 2, 1);

        VBox warnings = new VBox(2);
        warnings.setId("sweep-balance");
        Runnable showWarnings = () -> warnings.getChildren().setAll(form.balanceWarnings().stream().map(w -> {
            Label l = new Label(w);
            l.setWrapText(true);
            l.getStyleClass().add("hint-warn");
            return l;
        }).toList());
        form.balanceWarnings().addListener((ListChangeListener<String>) c -> showWarnings.run());
        showWarnings.run();

        Label problems = new Label();
        problems.setId("sweep-problems");
        problems.setWrapText(true);
        problems.getStyleClass().add("field-error");
        problems.managedProperty().bind(Bindings.isNotEmpty(form.otherProblems()));
        problems.visibleProperty().bind(problems.managedProperty());
        problems.textProperty().bind(Bindings.createStringBinding(() -> String.join("\n", form.otherProblems()),
                form.otherProblems()));

        Label points = new Label();
        points.setId("sweep-point-count");
        points.getStyleClass().add("muted");
        points.setWrapText(true);
        points.textProperty().bind(form.pointsTextProperty());
        Button create = new Button("Create and run");
        create.setId("create-sweep");
        create.getStyleClass().add("accent");
        create.disableProperty().bind(Bindings.isNotEmpty(form.problems()));
        create.setOnAction(e -> viewModel.createAndRun());
        Button add = new Button("Add to selected");
        add.setId("add-points");
        add.disableProperty().bind(Bindings.isNotEmpty(form.problems()).or(viewModel.selectedIdProperty().isNull()));
        add.setOnAction(e -> viewModel.addPoints());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox actions = new HBox(8, grow, add, create);
        actions.setAlignment(Pos.CENTER_RIGHT);
        add.setMinWidth(Region.USE_PREF_SIZE);
        create.setMinWidth(Region.USE_PREF_SIZE);
        getChildren().addAll(heading, base, grid, warnings, problems, points, actions);
    }

    private static VBox rangeField(ValueRange range) {
        TextField field = new TextField();
        field.setId("sweep-range-" + range.field().configName());
        field.setPromptText("e.g. 0.05:0.5");
        field.textProperty().bindBidirectional(range.textProperty());
        CheckBox log = new CheckBox("log");
        log.setId("sweep-range-" + range.field().configName() + "-log");
        log.setMinWidth(Region.USE_PREF_SIZE);
        log.selectedProperty().bindBidirectional(range.logProperty());
        HBox line = new HBox(6, field, log);
        line.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(field, Priority.ALWAYS);
        return new VBox(2, line, errorLabel(field, range.errorProperty()));
    }

    /** The field's error under it, and the field marked invalid while there is one. */
    private static Label errorLabel(TextField field, javafx.beans.value.ObservableStringValue message) {
        Label error = new Label();
        error.getStyleClass().add("field-error");
        error.setWrapText(true);
        error.textProperty().bind(message);
        error.visibleProperty().bind(error.textProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        message.addListener((obs, old, now) -> {
            field.getStyleClass().remove("invalid");
            if (!now.isEmpty()) {
                field.getStyleClass().add("invalid");
            }
        });
        return error;
    }

    private static VBox valuesField(ValueList values) {
        TextField field = new TextField();
        field.setId("sweep-" + values.field().configName());
        field.promptTextProperty().bind(values.baseValueProperty().map(v -> "base " + v + (values.field().integer()
                ? " · e.g. 200, 400" : " · e.g. 0.05, 0.1")));
        field.textProperty().bindBidirectional(values.textProperty());
        return new VBox(2, field, errorLabel(field, values.errorProperty()));
    }
}
