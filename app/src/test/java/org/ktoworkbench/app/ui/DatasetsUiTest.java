package org.ktoworkbench.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.stage.Stage;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.app.workspace.SampleDatasetImport;
import org.ktoworkbench.model.store.DatasetInfo;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

class DatasetsUiTest extends WorkbenchUiTest {
    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    void freshWorkspaceListsTheSampleDatasetWithItsRows(FxRobot robot) throws Exception {
        ListView<DatasetInfo> list = robot.lookup("#dataset-list").queryListView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !list.getItems().isEmpty());
        assertEquals(SampleDatasetImport.DATASET_NAME, list.getItems().get(0).name());
        assertEquals(java.util.List.of(SampleDatasetImport.DATASET_NAME, "arithmetic-pairs"),
                list.getItems().stream().map(DatasetInfo::name).toList(), "the paired form is there for DPO from the start");
        TableView<?> table = robot.lookup("#examples-table").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !table.getItems().isEmpty());
        assertEquals(list.getItems().get(0).rows(), table.getItems().size());
    }

    @Test
    void badFileShowsTheErrorListAndAddsNoDataset(FxRobot robot) throws Exception {
        ListView<DatasetInfo> datasets = robot.lookup("#dataset-list").queryListView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !datasets.getItems().isEmpty());
        int before = datasets.getItems().size();
        Path bad = dir.resolve("bad.jsonl");
        Files.write(bad, List.of(
                "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":true}",
                "{\"prompt\":\"p\",\"label\":true}",
                "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":3}"));
        robot.interact(() -> shell.datasets().importFile(bad));
        ListView<String> errors = robot.lookup("#import-errors").queryListView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !errors.getItems().isEmpty());
        assertTrue(errors.isVisible() && errors.getParent().isVisible(), "error list is shown");
        assertEquals(2, errors.getItems().size(), errors.getItems().toString());
        assertTrue(errors.getItems().get(0).startsWith(bad + ":2: completion"), errors.getItems().get(0));
        assertTrue(errors.getItems().get(1).startsWith(bad + ":3: label"), errors.getItems().get(1));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(before, datasets.getItems().size());
        assertEquals(before, shell.workspace().datasets().list().size());
    }

    @Test
    void searchFieldFiltersTheTable(FxRobot robot) throws Exception {
        TableView<?> table = robot.lookup("#examples-table").queryTableView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !table.getItems().isEmpty());
        int all = table.getItems().size();
        robot.clickOn("#search-field").write("inc 477=");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() < all);
        assertTrue(table.getItems().size() >= 1 && table.getItems().size() < 10, "rows: " + table.getItems().size());
    }
}
