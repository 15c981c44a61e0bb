package org.ktoworkbench.app.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.app.chart.DrawnCurve;
import org.ktoworkbench.app.chart.MetricChartViewModel;
import org.ktoworkbench.app.concurrent.DirectTaskExecutor;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.app.run.RunLauncher;
import org.ktoworkbench.model.sample.SampleWorkspace;
import org.ktoworkbench.model.store.PointStatus;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.SweepStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.sweep.SweepResults;
import org.ktoworkbench.model.sweep.SweepSpec;
import org.ktoworkbench.model.sweep.Sweeps;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;

/**
 * The Sweeps page's view-model over a real workspace whose sweep is written the way a {@code sweep run} in another
 * process writes it (runs, metrics, point ends), without training: what the page shows as the sweep goes on.
 */
class SweepsViewModelTest {
    @TempDir
    Path dir;

    /** β 0.1, 0.5 × λD 1, 1.5 with two seeds: 8 points. */
    private static SweepSpec grid(int seeds) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Map<String, List<JsonNode>> grid = new LinkedHashMap<>();
        grid.put("beta", List.of(f.numberNode(0.1), f.numberNode(0.5)));
        grid.put("lambdaD", List.of(f.numberNode(1.0), f.numberNode(1.5)));
        return new SweepSpec("grid", RunConfigJson.toJson(RunConfig.defaults()), null, grid, 0, Map.of(), seeds, "winrate",
                SweepSpec.Goal.MAX, "none");
    }

    private static SweepsViewModel viewModel(Workspace ws) {
        EventBus bus = new EventBus();
        DirectTaskExecutor executor = new DirectTaskExecutor();
        return new SweepsViewModel(ws, executor, bus, new RunLauncher(ws, executor, bus), () -> null, () -> null);
    }

    /** Starts point {@code index} with a KTO run of its own and logs {@code steps} steps of loss and margins. */
    private static long startWithSteps(Workspace ws, long sweep, int index, int steps) {
        long run = ws.runs().createRun("grid #" + (index + 1), "kto", "arithmetic-kto", RunConfigJson.toJson(RunConfig.defaults()), null);
        ws.sweeps().startPoint(sweep, index, run);
        for (int s = 1; s <= steps; s++) {
            ws.runs().appendMetrics(run, s, Map.of("loss", 0.5 - 0.01 * s, "rewards/margins", 0.1 * s));
        }
        return run;
    }

    /** Logs the winrate with its interval at {@code step} and ends the point with it. */
    private static void complete(Workspace ws, long sweep, int index, long run, long step, double winrate) {
        ws.runs().appendMetrics(run, step, Map.of("winrate", winrate, "winrate/lower", winrate - 0.1, "winrate/upper", winrate + 0.1));
        ws.sweeps().endPoint(sweep, index, PointStatus.COMPLETED, winrate, null);
    }

    @Test
    void aSweepRunElsewhereFillsTheTableAndOverlayAsItsPointsGoOn() {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            SampleWorkspace.ensureSampleDataset(ws);
            long id = Sweeps.create(ws, grid(1));
            SweepsViewModel vm = viewModel(ws);
            vm.select(id);
            assertEquals(4, vm.rows().size());
            assertTrue(vm.rows().stream().allMatch(r -> r.status().equals("pending")));
            assertEquals(1, vm.sweeps().size());
            assertTrue(vm.canPauseProperty().get() && vm.canCancelProperty().get() && vm.canRunProperty().get());

            long first = startWithSteps(ws, id, 0, 3);
            vm.pollOnce();
            MetricChartViewModel loss = vm.overlay().charts().charts().get(0);
            assertEquals(List.of("#1 β=0.1, λD=1.0 · loss"), loss.curveNames());
            assertEquals(3, loss.pointCount("#1 β=0.1, λD=1.0 · loss"));
            assertEquals("running", vm.rows().get(0).status());
            assertTrue(vm.progressTextProperty().get().contains("point #1"), vm.progressTextProperty().get());

            ws.runs().appendMetrics(first, 4, Map.of("loss", 0.4));
            complete(ws, id, 0, first, 4, 0.55);
            long second = startWithSteps(ws, id, 1, 4);
            complete(ws, id, 1, second, 4, 0.7);
            vm.pollOnce();
            assertEquals(4, loss.pointCount("#1 β=0.1, λD=1.0 · loss"), "step 4 arrives once, not twice");
            assertEquals(2, loss.curveNames().size());
            SweepResults.Row done = vm.rows().get(0);
            assertEquals("completed", done.status());
            assertEquals(0.55, done.metric());
            assertEquals(0.45, done.lower(), 1e-12);
            assertEquals(0.65, done.upper(), 1e-12);
            assertEquals(2, vm.bestPointProperty().get(), "point 2 has the higher winrate");
            assertEquals(0.5, vm.progressProperty().get(), 1e-12, "2 of 4 points ended");
            assertEquals("beta", vm.colorByProperty().get());
            assertEquals(List.of("β = 0.1", "β = 0.5"), vm.overlay().legend().stream().map(SweepOverlay.LegendEntry::text).toList());
            assertNotEquals(vm.overlay().legend().get(0).color(), vm.overlay().legend().get(1).color());
            // both started points have β 0.1: drawn in the legend's colour for it, the best (#2) thicker
            for (DrawnCurve curve : loss.frame(400)) {
                assertEquals(vm.overlay().legend().get(0).color(), curve.color(), curve.name());
                assertEquals(curve.name().startsWith("#2 "), curve.emphasized(), curve.name());
            }

            Heatmap map = vm.heatmapProperty().get();
            assertNotNull(map, "two parameters vary: β × λD");
            assertEquals("beta", map.xField());
            assertEquals("lambdaD", map.yField());
            assertEquals(List.of("0.1", "0.5"), map.xValues());
            assertEquals(List.of("1.0", "1.5"), map.yValues());
            Heatmap.Cell best = map.cell("0.1", "1.5").orElseThrow();
            assertEquals(0.7, best.setting().mean());
            assertTrue(best.best());
            assertEquals(0.6, best.setting().interval()[0], 1e-12, "one seed: the run's own 95% interval");
            assertNull(map.cell("0.5", "1.0").orElseThrow().setting().mean(), "not run yet");
            assertEquals(2, vm.parallelProperty().get().lines().size(), "one line per measured setting");
        }
    }

    @Test
    void seedsAreAveragedWithATIntervalInTheHeatmapAndParallelCoordinates() {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            SampleWorkspace.ensureSampleDataset(ws);
            long id = Sweeps.create(ws, grid(2));
            List<SweepPointInfo> points = ws.sweeps().points(id);
            assertEquals(8, points.size());
            double[] winrates = {0.50, 0.54, 0.60, 0.66, 0.52, 0.56, 0.70, 0.74};
            for (SweepPointInfo p : points) {
                ws.sweeps().endPoint(id, p.index(), PointStatus.COMPLETED, winrates[p.index()], null);
            }
            SweepsViewModel vm = viewModel(ws);
            vm.select(id);
            assertEquals(4, vm.settings().size());
            assertTrue(vm.settings().stream().allMatch(s -> s.runs() == 2 && s.overSeeds()));
            assertEquals(List.of("beta", "lambdaD", SweepOverlay.SEED), vm.colorChoices(), "seeds vary: the overlay can be coloured by seed");
            Heatmap map = vm.heatmapProperty().get();
            // points in grid order: β 0.1 λD 1 (seeds 42, 43), β 0.1 λD 1.5, β 0.5 λD 1, β 0.5 λD 1.5
            Heatmap.Cell cell = map.cell("0.5", "1.5").orElseThrow();
            assertEquals(0.72, cell.setting().mean(), 1e-12);
            // two seeds: half-width t(0.975, 1) · s / √2 = 12.706 · |0.70 − 0.74| / 2
            assertEquals(0.72 - 12.706 * 0.02, cell.setting().interval()[0], 1e-9);
            assertTrue(cell.best());
            assertEquals(0.52, map.min(), 1e-12);
            assertEquals(0.72, map.max(), 1e-12);
            assertEquals(1.0, map.position(0.72), 1e-12);

            ParallelCoordinates pc = vm.parallelProperty().get();
            assertEquals(List.of("beta", "lambdaD", "winrate"), pc.axes().stream().map(ParallelCoordinates.Axis::field).toList());
            assertFalse(pc.axes().get(0).log(), "0.1 to 0.5 spans less than a factor of 10");
            ParallelCoordinates.Line top = pc.lines().stream().filter(ParallelCoordinates.Line::best).findFirst().orElseThrow();
            assertEquals(1.0, top.positions()[0], 1e-12);
            assertEquals(1.0, top.positions()[1], 1e-12);
            assertTrue(top.setting().describe(pc.fields(), "winrate").startsWith("β 0.5, λD 1.5: winrate 0.72 (mean of 2 seeds), 95% t interval ["),
                    top.setting().describe(pc.fields(), "winrate"));
        }
    }

    @Test
    void pauseAndCancelGoToTheStoreAndTheTableExportsAsTheCliWritesIt() throws Exception {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            SampleWorkspace.ensureSampleDataset(ws);
            long id = Sweeps.create(ws, grid(1));
            SweepsViewModel vm = viewModel(ws);
            vm.select(id);
            vm.pause();
            assertEquals(SweepStatus.PAUSED, ws.sweeps().find(id).orElseThrow().status());
            assertFalse(vm.canPauseProperty().get());
            assertTrue(vm.canRunProperty().get(), "a paused sweep can go on");
            vm.cancelPoint(3);
            assertEquals(PointStatus.CANCELLED, ws.sweeps().points(id).get(2).status());
            assertEquals("cancelled", vm.rows().get(2).status());
            vm.cancel();
            assertEquals(SweepStatus.CANCELLED, ws.sweeps().find(id).orElseThrow().status());
            assertTrue(vm.rows().stream().allMatch(r -> r.status().equals("cancelled")));
            assertFalse(vm.canRunProperty().get() || vm.canCancelProperty().get());

            Path csv = dir.resolve("sweep.csv");
            vm.exportCsv(csv);
            List<String> lines = Files.readAllLines(csv);
            assertEquals("point,beta,lambdaD,seed,status,winrate,lower95,upper95,run_id,note", lines.get(0));
            assertEquals(5, lines.size());
            assertEquals("Wrote " + csv, vm.messageProperty().get());
        }
    }
}
