package org.ktoworkbench.app.ui;

import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.app.WorkbenchShell;
import org.ktoworkbench.app.concurrent.FxTaskExecutor;
import org.ktoworkbench.app.theme.ThemeManager;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;

import java.nio.file.Files;
import java.nio.file.Path;

/** The whole workbench window on a fresh workspace of its own for each test, closed after it. */
@ExtendWith(ApplicationExtension.class)
abstract class WorkbenchUiTest {
    @TempDir
    static Path dir;
    WorkbenchShell shell;

    /** Called from each test class's {@code @Start} method (TestFX looks for it on the test class only). */
    void open(Stage stage) throws Exception {
        Path workspace = Files.createTempDirectory(dir, "ws");
        shell = WorkbenchShell.open(workspace, dir.resolve("settings.json"), new FxTaskExecutor());
        Scene scene = new Scene(shell.root(), 1400, 900);
        ThemeManager.styleScene(scene);
        stage.setScene(scene);
        stage.show();
    }

    /** Scrolls the scroll pane around {@code query}'s node so that a click reaches it, as a user would before clicking. */
    static void scrollTo(FxRobot robot, String query) {
        javafx.scene.Node node = robot.lookup(query).query();
        robot.interact(() -> {
            for (javafx.scene.Parent p = node.getParent(); p != null; p = p.getParent()) {
                if (p instanceof javafx.scene.control.ScrollPane pane) {
                    javafx.scene.Node content = pane.getContent();
                    double y = content.sceneToLocal(node.localToScene(node.getBoundsInLocal())).getMinY();
                    double room = content.getBoundsInLocal().getHeight() - pane.getViewportBounds().getHeight();
                    if (room > 0) {
                        pane.setVvalue(Math.max(0, Math.min(1, (y - 40) / room)));
                    }
                    return;
                }
            }
        });
        org.testfx.util.WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void close(FxRobot robot) {
        robot.interact(shell::close);
    }
}
