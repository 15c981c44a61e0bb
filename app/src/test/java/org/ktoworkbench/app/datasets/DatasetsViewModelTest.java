package org.ktoworkbench.app.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.app.concurrent.DirectTaskExecutor;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;

class DatasetsViewModelTest {
    @TempDir
    Path dir;
    private Workspace workspace;
    private DatasetsViewModel vm;

    @BeforeEach
    void open() {
        workspace = Workspace.open(dir.resolve("ws"));
        vm = new DatasetsViewModel(workspace, new DirectTaskExecutor(), new EventBus());
    }

    @AfterEach
    void close() {
        workspace.close();
    }

    @Test
    void importListsTheDatasetAndLoadsRowsWithStatistics() throws Exception {
        Path file = write("greetings.jsonl",
                "{\"prompt\":\"hello\",\"completion\":\"hi there\",\"label\":true}",
                "{\"prompt\":\"hello\",\"completion\":\"go away\",\"label\":false}",
                "{\"prompt\":\"bye\",\"completion\":\"see you later, friend\",\"label\":true}");
        vm.importFile(file);
        assertTrue(vm.importState().messageProperty().get().startsWith("Imported 3 rows as 'greetings'"), vm.importState().messageProperty().get());
        assertEquals(1, vm.datasets().size());
        assertEquals("greetings", vm.selectedDatasetProperty().get().name());
        assertEquals(3, vm.visibleRows().size());
        assertEquals(1, vm.statisticsProperty().get().promptsWithBoth());
        assertEquals("3 of 3 rows shown", vm.statusProperty().get());
    }

    @Test
    void importOfAnHhRlhfFileNamesTheDetectedFormat() throws Exception {
        Path file = write("hh.jsonl",
                "{\"chosen\":\"\\n\\nHuman: hi\\n\\nAssistant: hello\",\"rejected\":\"\\n\\nHuman: hi\\n\\nAssistant: go\"}");
        vm.importFile(file);
        assertTrue(vm.importState().messageProperty().get().startsWith("Imported 2 rows as 'hh', format hh"),
                vm.importState().messageProperty().get());
    }

    @Test
    void deletingTheSelectedDatasetSelectsAnotherAndKeepsItsRows() throws Exception {
        vm.importFile(write("first.jsonl", "{\"prompt\":\"a\",\"completion\":\"b\",\"label\":true}"));
        vm.importFile(write("second.jsonl", "{\"prompt\":\"c\",\"completion\":\"d\",\"label\":false}",
                "{\"prompt\":\"e\",\"completion\":\"f\",\"label\":true}"));
        assertEquals("second", vm.selectedDatasetProperty().get().name());
        vm.delete(vm.selectedDatasetProperty().get());
        assertEquals(1, vm.datasets().size());
        assertEquals("first", vm.selectedDatasetProperty().get().name());
        assertEquals(1, vm.visibleRows().size());
        assertTrue(workspace.datasets().find("second").isEmpty());
        assertEquals(1, workspace.datasets().get("first").rows());
    }

    /** The import splits what it imported; with a run training on a dataset of that name it is refused before anything is stored. */
    @Test
    void importIsRefusedWhileARunTrainsOnADatasetOfThatName() throws Exception {
        long run = workspace.runs().createRun("live", "kto", "greetings", "{}", null);
        workspace.runs().setStatus(run, RunStatus.RUNNING, null);
        vm.importFile(write("greetings.jsonl", "{\"prompt\":\"a\",\"completion\":\"b\",\"label\":true}"));
        assertEquals(java.util.List.of("dataset 'greetings' is in use by run " + run + ", which is training"),
                vm.importState().errors());
        assertTrue(workspace.datasets().find("greetings").isEmpty(), "nothing was imported");
    }

    @Test
    void badFileListsEveryErrorAndImportsNothing() throws Exception {
        Path file = write("broken.jsonl",
                "{\"prompt\":\"a\",\"completion\":\"b\",\"label\":true}",
                "{\"prompt\":\"a\",\"completion\":\"b\",\"label\":\"maybe\"}",
                "{not json");
        vm.importFile(file);
        assertTrue(vm.importState().errors().size() >= 2, vm.importState().errors().toString());
        String first = vm.importState().errors().get(0);
        assertTrue(first.contains("broken.jsonl:2") && first.contains("label"), first);
        assertTrue(vm.importState().errors().get(1).contains("broken.jsonl:3"), vm.importState().errors().toString());
        assertTrue(vm.importState().errorTitleProperty().get().contains("nothing was imported"));
        assertFalse(vm.importState().runningProperty().get());
        assertTrue(workspace.datasets().list().isEmpty());
        assertTrue(vm.datasets().isEmpty());
    }

    @Test
    void labelLengthAndSearchFiltersCombine() throws Exception {
        Path file = write("mixed.jsonl",
                "{\"prompt\":\"capital of France\",\"completion\":\"Paris\",\"label\":true}",
                "{\"prompt\":\"capital of France\",\"completion\":\"Lyon is the capital\",\"label\":false}",
                "{\"prompt\":\"largest ocean\",\"completion\":\"the Pacific Ocean\",\"label\":true}",
                "{\"prompt\":\"largest ocean\",\"completion\":\"Atlantic\",\"label\":false}");
        vm.importFile(file);
        vm.labelFilterProperty().set(LabelFilter.DESIRABLE);
        assertEquals(2, vm.visibleRows().size());
        vm.minLengthProperty().set(6);
        assertEquals(1, vm.visibleRows().size());
        assertEquals("the Pacific Ocean", vm.visibleRows().get(0).example().completion());
        vm.minLengthProperty().set(0);
        vm.labelFilterProperty().set(LabelFilter.ALL);
        vm.searchTextProperty().set("france");
        assertEquals(2, vm.visibleRows().size());
        vm.labelFilterProperty().set(LabelFilter.UNDESIRABLE);
        assertEquals(1, vm.visibleRows().size());
        assertEquals("Lyon is the capital", vm.visibleRows().get(0).example().completion());
        vm.searchTextProperty().set("");
        assertEquals(2, vm.visibleRows().size());
        assertEquals("2 of 4 rows shown", vm.statusProperty().get());
    }

    @Test
    void importShowsReadProgressAndCanBeCancelledLeavingNothing() throws Exception {
        String[] lines = new String[25_000];
        for (int i = 0; i < lines.length; i++) {
            lines[i] = "{\"prompt\":\"prompt " + i + " padded with words\",\"completion\":\"completion " + i
                    + " padded with more words\",\"label\":" + (i % 2 == 0) + "}";
        }
        Path file = write("large.jsonl", lines);
        java.util.List<Double> seen = new java.util.ArrayList<>();
        vm.importState().progressProperty().addListener((obs, old, now) -> {
            seen.add(now.doubleValue());
            if (now.doubleValue() > 0 && now.doubleValue() < 1) {
                vm.cancelImport();
            }
        });
        vm.importFile(file);
        assertTrue(seen.stream().anyMatch(f -> f > 0 && f < 1), "a fraction of the file was shown as read: " + seen);
        assertEquals("Import cancelled; nothing was imported.", vm.importState().messageProperty().get());
        assertTrue(vm.importState().errors().isEmpty(), vm.importState().errors().toString());
        assertFalse(vm.importState().runningProperty().get());
        assertTrue(workspace.datasets().list().isEmpty());
    }

    private Path write(String name, String... lines) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, java.util.List.of(lines));
        return file;
    }
}
