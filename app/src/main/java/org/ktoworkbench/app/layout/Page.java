package org.ktoworkbench.app.layout;

/** The main screens, in sidebar order. */
public enum Page {
    DATASETS("Datasets"),
    RUN_SETUP("Run setup"),
    MONITOR("Monitor"),
    RUNS("Runs"),
    COMPARE("Compare"),
    SWEEPS("Sweeps");

    private final String title;

    Page(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
