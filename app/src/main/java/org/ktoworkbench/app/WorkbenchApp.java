package org.ktoworkbench.app;

import java.nio.file.Path;

import javafx.application.Application;
import javafx.scene.Scene;
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
        Scene scene = new Scene(shell.root(), 1400, 900);
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
