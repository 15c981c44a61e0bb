package org.ktoworkbench.app.datasets;

/** Which rows the examples table shows by class. */
public enum LabelFilter {
    ALL("All labels"),
    DESIRABLE("Desirable"),
    UNDESIRABLE("Undesirable");

    private final String title;

    LabelFilter(String title) {
        this.title = title;
    }

    public boolean accepts(boolean desirable) {
        return this == ALL || (this == DESIRABLE) == desirable;
    }

    @Override
    public String toString() {
        return title;
    }
}
