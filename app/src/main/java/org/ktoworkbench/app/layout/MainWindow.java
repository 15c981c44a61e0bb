package org.ktoworkbench.app.layout;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

import javafx.scene.Node;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;

/** The window content: sidebar on the left, the current page in the middle; pages are built on first visit. */
public final class MainWindow extends BorderPane {
    private final Map<Page, Supplier<? extends Node>> factories = new EnumMap<>(Page.class);
    private final Map<Page, Node> built = new EnumMap<>(Page.class);
    private final StackPane content = new StackPane();
    private final NavigationViewModel navigation;

    public MainWindow(NavigationViewModel navigation, Node sidebarHeader, Node sidebarFooter) {
        this.navigation = navigation;
        getStyleClass().add("main-window");
        content.getStyleClass().add("page-host");
        setLeft(new Sidebar(navigation, sidebarHeader, sidebarFooter));
        setCenter(content);
        navigation.currentProperty().addListener((obs, old, now) -> show(now));
    }

    public void register(Page page, Supplier<? extends Node> factory) {
        factories.put(page, factory);
        built.remove(page);
    }

    /** Drops built pages (after a workspace switch) and rebuilds the current one. */
    public void rebuildAll() {
        built.clear();
        show(navigation.current());
    }

    public Node page(Page page) {
        return built.computeIfAbsent(page, p -> factories.get(p).get());
    }

    private void show(Page page) {
        if (factories.containsKey(page)) {
            content.getChildren().setAll(page(page));
        }
    }
}
