package org.ktoworkbench.app.control;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * An exact text field for a {@link NumberParameter}, optionally with a slider over a convenient
 * range; an invalid entry is outlined and explained under the field.
 */
public final class NumberField extends VBox {
    private final TextField field = new TextField();
    private final Label error = new Label();
    private boolean syncing;

    public NumberField(NumberParameter parameter, String id) {
        this(parameter, id, Double.NaN, Double.NaN);
    }

    public NumberField(NumberParameter parameter, String id, double sliderMin, double sliderMax) {
        setSpacing(2);
        field.setId(id);
        field.setPrefColumnCount(8);
        field.textProperty().bindBidirectional(parameter.textProperty());
        error.getStyleClass().add("field-error");
        error.textProperty().bind(parameter.errorProperty());
        error.visibleProperty().bind(parameter.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());
        parameter.errorProperty().addListener((obs, old, now) -> {
            field.getStyleClass().remove("invalid");
            if (!now.isEmpty()) {
                field.getStyleClass().add("invalid");
            }
        });
        HBox row = new HBox(8);
        row.setAlignment(Pos.CENTER_LEFT);
        if (!Double.isNaN(sliderMin)) {
            Slider slider = new Slider(sliderMin, sliderMax, clamp(parameter.value(), sliderMin, sliderMax));
            slider.setId(id + "-slider");
            HBox.setHgrow(slider, Priority.ALWAYS);
            slider.valueProperty().addListener((obs, old, now) -> {
                if (!syncing) {
                    syncing = true;
                    // two decimals: a slider's raw doubles are not values anyone types
                    parameter.set(Math.round(now.doubleValue() * 100) / 100.0);
                    syncing = false;
                }
            });
            parameter.valueProperty().addListener((obs, old, now) -> {
                if (!syncing) {
                    syncing = true;
                    slider.setValue(clamp(now.doubleValue(), sliderMin, sliderMax));
                    syncing = false;
                }
            });
            row.getChildren().add(slider);
        }
        row.getChildren().add(field);
        getChildren().addAll(row, error);
    }

    public TextField field() {
        return field;
    }

    private static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }
}
