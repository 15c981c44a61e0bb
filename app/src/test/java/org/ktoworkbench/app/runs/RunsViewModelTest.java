package org.ktoworkbench.app.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.app.concurrent.DirectTaskExecutor;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.app.event.WorkbenchEvents;
import org.ktoworkbench.app.run.RunLauncher;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;
import org.ktoworkbench.model.train.RunPaths;

class RunsViewModelTest {
    @TempDir
    Path dir;

    @Test
    void listsRunsWithHyperparametersAndFinalMetricsAndFilters() {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            RunConfig config = RunConfig.defaults();
            long a = ws.runs().createRun("beta sweep 1", "kto", "arithmetic-kto", RunConfigJson.toJson(config), null);
            long b = ws.runs().createRun("other", "kto", "chat", "{not json", null);
            ws.runs().setStatus(a, RunStatus.COMPLETED, "done");
            ws.runs().setStatus(b, RunStatus.INTERRUPTED, "process ended");
            ws.runs().setSummary(a, "{\"status\":\"COMPLETED\",\"metrics\":{\"loss\":0.42,\"rewards/margins\":1.5},"
                    + "\"eval\":{\"winrate\":0.71}}");
            EventBus bus = new EventBus();
            DirectTaskExecutor executor = new DirectTaskExecutor();
            RunsViewModel vm = new RunsViewModel(ws, executor, bus, new RunLauncher(ws, executor, bus));
            vm.reload();
            assertEquals(2, vm.visibleRows().size());
            RunRow first = vm.visibleRows().stream().filter(r -> r.id() == a).findFirst().orElseThrow();
            assertEquals(config.beta(), first.beta());
            assertEquals(config.lambdaD(), first.lambdaD());
            assertEquals(0.42, first.finalLoss());
            assertEquals(1.5, first.finalMargin());
            assertEquals(0.71, first.finalWinrate());
            RunRow second = vm.visibleRows().stream().filter(r -> r.id() == b).findFirst().orElseThrow();
            assertNull(second.beta(), "an unreadable config leaves the columns blank");
            assertTrue(RunsViewModel.canResume(second));
            assertFalse(RunsViewModel.canResume(first));

            vm.filterTextProperty().set("sweep");
            assertEquals(List.of(a), vm.visibleRows().stream().map(RunRow::id).toList());
            vm.filterTextProperty().set("");
            vm.statusFilterProperty().set(RunStatus.INTERRUPTED);
            assertEquals(List.of(b), vm.visibleRows().stream().map(RunRow::id).toList());
        }
    }

    @Test
    void notesCsvAndCompareGoThroughTheStoreAndTheBus() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            long id = ws.runs().createRun("r", "kto", "d", "{}", null);
            ws.runs().appendMetrics(id, 1, Map.of("loss", 0.7));
            ws.runs().appendMetrics(id, 2, Map.of("loss", 0.6));
            EventBus bus = new EventBus();
            List<Object> published = new ArrayList<>();
            bus.subscribe(Object.class, published::add);
            DirectTaskExecutor executor = new DirectTaskExecutor();
            RunsViewModel vm = new RunsViewModel(ws, executor, bus, new RunLauncher(ws, executor, bus));
            vm.reload();
            RunRow row = vm.visibleRows().get(0);
            vm.saveNotes(row, "lr too high?");
            assertEquals("lr too high?", ws.runs().run(id).orElseThrow().notes());
            assertEquals("lr too high?", vm.visibleRows().get(0).info().notes());
            Path csv = dir.resolve("out.csv");
            vm.exportCsv(row, csv);
            assertEquals(List.of("step,loss", "1,0.7", "2,0.6"), Files.readAllLines(csv));
            vm.compare(List.of(row));
            assertTrue(published.contains(new WorkbenchEvents.CompareRuns(List.of(id))), published.toString());
        }
    }

    @Test
    void deletingRunsTakesTheirFilesAndRefusesABaseWhoseRunStays() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            long base = ws.runs().createRun("base", "sft", "d", "{}", null);
            long child = ws.runs().createRun("child", "kto", "d", "{}", base);
            long other = ws.runs().createRun("other", "kto", "d", "{}", null);
            for (long id : List.of(base, child, other)) {
                Path model = new RunPaths(ws.directory(), id).finalModel();
                Files.createDirectories(model);
                Files.writeString(model.resolve("weights.safetensors"), "w");
            }
            EventBus bus = new EventBus();
            DirectTaskExecutor executor = new DirectTaskExecutor();
            RunsViewModel vm = new RunsViewModel(ws, executor, bus, new RunLauncher(ws, executor, bus));
            vm.reload();
            RunRow baseRow = vm.visibleRows().stream().filter(r -> r.id() == base).findFirst().orElseThrow();
            RunRow childRow = vm.visibleRows().stream().filter(r -> r.id() == child).findFirst().orElseThrow();

            vm.delete(List.of(baseRow));
            assertEquals("Not deleted: run " + base + " is the base of run " + child + "; delete that run first",
                    vm.messageProperty().get());
            assertEquals(3, vm.visibleRows().size());

            vm.delete(List.of(baseRow, childRow));
            assertEquals("Deleted #" + child + ", #" + base + ".", vm.messageProperty().get());
            assertEquals(List.of(other), vm.visibleRows().stream().map(RunRow::id).toList());
            assertFalse(Files.exists(new RunPaths(ws.directory(), base).root()));
            assertFalse(Files.exists(new RunPaths(ws.directory(), child).root()));
            assertTrue(Files.exists(new RunPaths(ws.directory(), other).finalModel()));
        }
    }
}
