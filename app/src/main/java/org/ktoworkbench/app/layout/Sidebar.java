package org.ktoworkbench.app.layout;

import java.util.EnumMap;
import java.util.Map;

import javafx.geometry.Insets;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The navigation column: product name, one button per page, then the footer (workspace, theme). */
public final class Sidebar extends VBox {
    private final Map<Page, ToggleButton> buttons = new EnumMap<>(Page.class);

    public Sidebar(NavigationViewModel navigation, Node header, Node footer) {
        getStyleClass().add("sidebar");
        setPadding(new Insets(16, 10, 12, 10));
        setSpacing(4);
        setPrefWidth(200);
        setMinWidth(200);
        Label product = new Label("KTO Workbench");
        product.getStyleClass().add("product-name");
        getChildren().addAll(product, header);

        ToggleGroup group = new ToggleGroup();
        for (Page page : Page.values()) {
            ToggleButton button = new ToggleButton(page.title());
            button.setId("nav-" + page.name().toLowerCase().replace('_', '-'));
            button.getStyleClass().add("nav-button");
            button.setMaxWidth(Double.MAX_VALUE);
            button.setToggleGroup(group);
            button.setOnAction(e -> navigation.show(page));
            buttons.put(page, button);
            getChildren().add(button);
        }
        // a toggle group lets the user deselect; the current page always stays selected
        navigation.currentProperty().addListener((obs, old, now) -> buttons.get(now).setSelected(true));
        group.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                buttons.get(navigation.current()).setSelected(true);
            }
        });
        buttons.get(navigation.current()).setSelected(true);

        Region grow = new Region();
        VBox.setVgrow(grow, Priority.ALWAYS);
        getChildren().addAll(grow, footer);
    }
}
