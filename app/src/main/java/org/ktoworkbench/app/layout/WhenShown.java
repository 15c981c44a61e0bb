package org.ktoworkbench.app.layout;

import javafx.scene.Node;

/** Runs an action each time a page is shown (put into a scene): the first time and on every later visit. */
public final class WhenShown {
    private WhenShown() {
    }

    public static void run(Node page, Runnable action) {
        page.sceneProperty().addListener((obs, old, now) -> {
            if (now != null) {
                action.run();
            }
        });
    }
}
