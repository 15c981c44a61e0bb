package org.ktoworkbench.app.control;

import java.util.Locale;

import javafx.scene.control.Label;

/** Small rounded labels for a row's class or a run's status; colours come from the stylesheet. */
public final class Chips {
    private Chips() {
    }

    public static Label label(boolean desirable) {
        Label chip = new Label(desirable ? "desirable" : "undesirable");
        chip.getStyleClass().addAll("chip", desirable ? "chip-desirable" : "chip-undesirable");
        return chip;
    }

    public static Label status(String status) {
        Label chip = new Label(status.toLowerCase(Locale.ROOT));
        chip.getStyleClass().addAll("chip", "chip-status", "chip-" + status.toLowerCase(Locale.ROOT));
        return chip;
    }
}
