package org.ktoworkbench.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.MenuButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.store.ImportOptions;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

class WorkspaceUiTest extends WorkbenchUiTest {
    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    void anotherWorkspaceOpensAndTheRecentListSwitchesBack(FxRobot robot) throws Exception {
        Path first = shell.workspace().directory();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !shell.datasets().datasets().isEmpty());
        Path data = dir.resolve("only-in-first.jsonl");
        Files.writeString(data, "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":true}\n");
        shell.workspace().datasets().importFile(data, ImportOptions.strict("only-in-first"));

        Path second = Files.createTempDirectory(dir, "second");
        robot.interact(() -> shell.openWorkspace(second));
        assertEquals(second, shell.workspace().directory());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !shell.datasets().datasets().isEmpty());
        assertTrue(shell.datasets().datasets().stream().noneMatch(d -> d.name().equals("only-in-first")),
                "the second workspace has its own datasets");

        MenuButton menu = robot.lookup("#workspace-menu").queryAs(MenuButton.class);
        assertTrue(menu.getItems().stream().anyMatch(i -> first.toString().equals(i.getText())),
                "the first workspace is listed as recent");
        robot.interact(() -> menu.getItems().stream().filter(i -> first.toString().equals(i.getText())).findFirst()
                .orElseThrow().fire());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.workspace().directory().equals(first));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.datasets().datasets().stream()
                .anyMatch(d -> d.name().equals("only-in-first")));
    }
}
