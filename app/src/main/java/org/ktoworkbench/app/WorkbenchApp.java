package org.ktoworkbench.app;

import java.nio.file.Path;

import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

import org.ktoworkbench.app.concurrent.FxTaskExecutor;
import org.ktoworkbench.app.theme.ThemeManager;

/** The JavaFX application: opens the default workspace (or {@code --workspace DIR}) in the main window. */
public final class WorkbenchApp extends Application {
    private WorkbenchShell shell;

    @Override
    public void start(Stage stage) {
        Path dir = getParameters().getNamed().containsKey("workspace")
                ? Path.of(getParameters().getNamed().get("workspace"))
                : null;
        shell = WorkbenchShell.open(dir, null, new FxTaskExecutor());
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Scene scene = new Scene(shell.root(), Math.min(1400, screen.getWidth()), Math.min(900, screen.getHeight()));
        ThemeManager.styleScene(scene);
        stage.setTitle("KTO Workbench");
        stage.setScene(scene);
        stage.show();
    }

    @Override
    public void stop() {
        if (shell != null) {
            shell.close();
        }
    }
}
