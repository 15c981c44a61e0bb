package org.ktoworkbench.app.theme;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import atlantafx.base.theme.Theme;

/** Light and dark, both AtlantaFX Primer. */
public enum ThemeMode {
    LIGHT(new PrimerLight()),
    DARK(new PrimerDark());

    private final Theme theme;

    ThemeMode(Theme theme) {
        this.theme = theme;
    }

    public String userAgentStylesheet() {
        return theme.getUserAgentStylesheet();
    }

    public ThemeMode other() {
        return this == LIGHT ? DARK : LIGHT;
    }
}
