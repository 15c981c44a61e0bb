package org.ktoworkbench.app;

import java.io.IOException;
import java.nio.file.Path;

import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;

import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.app.event.WorkbenchEvents;
import org.ktoworkbench.app.layout.MainWindow;
import org.ktoworkbench.app.layout.NavigationViewModel;
import org.ktoworkbench.app.layout.Page;
import org.ktoworkbench.app.settings.AppSettings;
import org.ktoworkbench.app.theme.ThemeManager;
import org.ktoworkbench.app.theme.ThemeMode;

/**
 * The composition root: builds the services (bus, executor, theme, settings), the main window
 * and its pages. The GUI, the screen renderer and the UI tests all start here.
 */
public final class WorkbenchShell implements AutoCloseable {
    private final EventBus bus = new EventBus();
    private final NavigationViewModel navigation = new NavigationViewModel();
    private final TaskExecutor executor;
    private final AppSettings settings;
    private final ThemeManager theme;
    private final MainWindow window;

    private WorkbenchShell(Path settingsFile, TaskExecutor executor) {
        this.executor = executor;
        this.settings = AppSettings.load(settingsFile);
        this.theme = new ThemeManager(settings.theme());
        theme.apply();
        theme.modeProperty().addListener((obs, old, now) -> {
            settings.setTheme(now);
            saveSettings();
        });
        bus.subscribe(WorkbenchEvents.Navigate.class, e -> navigation.show(e.page()));
        window = new MainWindow(navigation, new Label(), footer());
        for (Page page : Page.values()) {
            window.register(page, () -> placeholder(page));
        }
    }

    public static WorkbenchShell open(Path workspaceDir, TaskExecutor executor) {
        Path settingsFile = Path.of(System.getProperty("user.home"), ".kto-workbench-gui.json");
        return new WorkbenchShell(settingsFile, executor);
    }

    private VBox footer() {
        Button themeToggle = new Button();
        themeToggle.setId("theme-toggle");
        themeToggle.setMaxWidth(Double.MAX_VALUE);
        themeToggle.textProperty().bind(theme.modeProperty().map(m -> m == ThemeMode.LIGHT ? "Dark theme" : "Light theme"));
        themeToggle.setOnAction(e -> theme.toggle());
        VBox box = new VBox(6, themeToggle);
        box.setAlignment(Pos.BOTTOM_LEFT);
        return box;
    }

    private static Parent placeholder(Page page) {
        Label title = new Label(page.title());
        title.getStyleClass().add("page-title");
        VBox box = new VBox(title);
        box.getStyleClass().add("page");
        return box;
    }

    private void saveSettings() {
        try {
            settings.save();
        } catch (IOException e) {
            System.err.println("Could not save GUI settings: " + e.getMessage());
        }
    }

    public Parent root() {
        return window;
    }

    public MainWindow window() {
        return window;
    }

    public NavigationViewModel navigation() {
        return navigation;
    }

    public EventBus bus() {
        return bus;
    }

    public ThemeManager theme() {
        return theme;
    }

    @Override
    public void close() {
        executor.close();
    }
}
