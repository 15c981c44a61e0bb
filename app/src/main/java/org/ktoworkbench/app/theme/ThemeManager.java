package org.ktoworkbench.app.theme;

import java.net.URL;

import javafx.application.Application;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;

/** Applies the AtlantaFX theme application-wide and the workbench stylesheet to scenes. */
public final class ThemeManager {
    public static final String STYLESHEET = "/assets/css/workbench.css";

    private final ObjectProperty<ThemeMode> mode = new SimpleObjectProperty<>(this, "mode", ThemeMode.LIGHT);

    public ThemeManager(ThemeMode initial) {
        mode.set(initial);
        mode.addListener((obs, old, now) -> apply());
    }

    public ObjectProperty<ThemeMode> modeProperty() {
        return mode;
    }

    public void toggle() {
        mode.set(mode.get().other());
    }

    /** Sets the user-agent stylesheet; call on the FX thread. */
    public void apply() {
        Application.setUserAgentStylesheet(mode.get().userAgentStylesheet());
    }

    public static void styleScene(Scene scene) {
        URL css = ThemeManager.class.getResource(STYLESHEET);
        if (css == null) {
            throw new IllegalStateException("missing stylesheet " + STYLESHEET + " on the classpath");
        }
        scene.getStylesheets().add(css.toExternalForm());
    }
}
