package org.ktoworkbench.app.layout;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;

/** Which page is shown. */
public final class NavigationViewModel {
    private final ObjectProperty<Page> current = new SimpleObjectProperty<>(this, "current", Page.DATASETS);

    public ObjectProperty<Page> currentProperty() {
        return current;
    }

    public Page current() {
        return current.get();
    }

    public void show(Page page) {
        current.set(page);
    }
}
