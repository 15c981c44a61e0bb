package org.ktoworkbench.app.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javafx.event.Event;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.MouseEvent;
import javafx.scene.shape.Polyline;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.app.chart.MetricChartViewModel;
import org.ktoworkbench.app.layout.Page;
import org.ktoworkbench.app.sweeps.PngExportButton;
import org.ktoworkbench.app.sweeps.SweepsPage;
import org.ktoworkbench.model.store.PointStatus;
import org.ktoworkbench.model.store.SweepInfo;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.SweepStatus;
import org.ktoworkbench.model.sweep.SweepResults;
import org.ktoworkbench.model.train.RunConfigJson;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Defining, running, pausing and resuming sweeps on the Sweeps page with a tiny model that trains in seconds. */
class SweepsUiTest extends WorkbenchUiTest {
    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    /** The run screen's config becomes the sweep's base: set it there, as a user would, then open the Sweeps page. */
    private void baseConfig(FxRobot robot, String json) throws Exception {
        robot.clickOn("#nav-run-setup");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.setup().datasetProperty().get() != null);
        robot.interact(() -> shell.setup().apply(RunConfigJson.fromJson(json)));
        robot.clickOn("#nav-sweeps");
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static void type(FxRobot robot, String id, String text) {
        TextField field = robot.lookup(id).query();
        robot.interact(() -> field.setText(text));
    }

    @Test
    void aTwoPointSweepDefinedHereRunsAndItsTableAndOverlayFillIn(FxRobot robot) throws Exception {
        baseConfig(robot, RunFlowUiTest.SHORT_RUN);
        Label base = robot.lookup("#sweep-base").query();
        assertTrue(base.getText().startsWith("Base: the run screen's config"), base.getText());
        Button create = robot.lookup("#create-sweep").queryButton();

        type(robot, "#sweep-lambdaD", "1, -2");
        assertTrue(robot.lookup("#sweep-lambdaD").query().getStyleClass().contains("invalid"));
        assertTrue(robot.lookup(".field-error").queryAll().stream()
                        .anyMatch(n -> n.isVisible() && ((Label) n).getText().equals("λD -2: must be a positive number, got -2.0")),
                "the error is shown under the field, naming it");
        assertTrue(create.isDisabled());

        type(robot, "#sweep-lambdaD", "1, 1.5");
        assertFalse(create.isDisabled());
        assertEquals("2 points", robot.lookup("#sweep-point-count").queryAs(Label.class).getText());
        // the sample's train split has 962 desirable and 1,350 undesirable rows: λD 1 is below the range, 1.5 inside
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !shell.sweeps().form().balanceWarnings().isEmpty());
        assertEquals(1, shell.sweeps().form().balanceWarnings().size());
        assertTrue(shell.sweeps().form().balanceWarnings().get(0).startsWith("λD 1, λU 1: "),
                shell.sweeps().form().balanceWarnings().get(0));

        scrollTo(robot, "#create-sweep");
        robot.clickOn("#create-sweep");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.launcher().runningProperty().get());
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> !shell.launcher().runningProperty().get());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shell.sweeps().rows().size() == 2
                && shell.sweeps().rows().stream().allMatch(r -> r.status().equals("completed")));
        // the read that shows the points completed also brings their last metrics: let the FX thread finish applying it
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(Page.SWEEPS, shell.navigation().current(), "the sweep is watched where it was defined");

        List<SweepInfo> sweeps = shell.workspace().sweeps().list();
        assertEquals(1, sweeps.size());
        assertEquals(SweepStatus.COMPLETED, sweeps.get(0).status());
        SweepsPage page = (SweepsPage) shell.window().page(Page.SWEEPS);
        assertEquals(2, page.table().getItems().size());
        for (SweepResults.Row row : page.table().getItems()) {
            assertTrue(row.metric() != null && row.lower() != null && row.lower() <= row.metric() && row.metric() <= row.upper(),
                    "a winrate inside its 95% interval: " + row);
        }
        SweepResults.Row best = page.table().getItems().stream().max((a, b) -> Double.compare(a.metric(), b.metric())).orElseThrow();
        assertEquals(best.number(), shell.sweeps().bestPointProperty().get());
        assertTrue(page.table().lookupAll(".table-row-cell").stream()
                        .filter(n -> n.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("best")))
                        .count() == 1, "one row is highlighted as the best");

        MetricChartViewModel loss = shell.sweeps().overlay().charts().charts().get(0);
        assertEquals(2, loss.curveNames().size(), "both runs' curves overlaid: " + loss.curveNames());
        for (String curve : loss.curveNames()) {
            assertEquals(12, loss.pointCount(curve), curve);
        }
        MetricChartViewModel winrate = shell.sweeps().overlay().charts().charts().get(3);
        assertEquals(2, winrate.curveNames().size());
        assertTrue(winrate.curveNames().stream().allMatch(c -> winrate.pointCount(c) >= 2), "winrate at the eval points");
        assertEquals(List.of("λD = 1.0", "λD = 1.5"), shell.sweeps().overlay().legend().stream().map(e -> e.text()).toList());
        assertNotEquals(shell.sweeps().overlay().legend().get(0).color(), shell.sweeps().overlay().legend().get(1).color());
        robot.interact(page::redrawNow);
        var drawn = page.grid().views().get(0).chart().getData();
        assertEquals(2, drawn.size());
        assertTrue(drawn.stream().allMatch(series -> series.getNode().getStyle().startsWith("-fx-stroke: #")),
                "each run drawn in its λD's colour");
        assertTrue(robot.lookup("#sweep-progress-text").queryAs(Label.class).getText().startsWith("completed · 2 of 2 points ended"),
                robot.lookup("#sweep-progress-text").queryAs(Label.class).getText());

        assertNull(shell.sweeps().heatmapProperty().get(), "one parameter varies: no heatmap");
        robot.interact(() -> page.views().getSelectionModel().select(1));
        WaitForAsyncUtils.waitForFxEvents();
        List<Polyline> lines = page.parallel().lines();
        assertEquals(2, lines.size(), "a line per setting in the parallel coordinates");
        robot.interact(() -> Event.fireEvent(lines.get(0), new MouseEvent(MouseEvent.MOUSE_ENTERED, 0, 0, 0, 0,
                javafx.scene.input.MouseButton.NONE, 0, false, false, false, false, false, false, false, false, false,
                false, null)));
        String readout = page.parallel().readoutText();
        assertTrue(readout.contains("λD 1.0: winrate ") && readout.contains("95% ["), readout);

        Path out = Files.createTempDirectory(dir, "exports");
        Path csv = out.resolve("sweep.csv");
        robot.interact(() -> shell.sweeps().exportCsv(csv));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> Files.exists(csv));
        List<String> lines2 = Files.readAllLines(csv);
        assertEquals("point,lambdaD,seed,status,winrate,lower95,upper95,run_id,note", lines2.get(0));
        assertEquals(3, lines2.size());
        Path png = out.resolve("parallel.png");
        PngExportButton export = robot.lookup("#export-parallel-coordinates").query();
        robot.interact(() -> export.exportTo(png));
        byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head);
        assertEquals("Wrote " + png, robot.lookup("#sweep-message").queryAs(Label.class).getText());
    }

    @Test
    void pauseStopsTheRunningPointResumablyAndRunFinishesTheSweep(FxRobot robot) throws Exception {
        String longer = RunConfigJson.toJson(RunConfigJson.withOverrides(RunConfigJson.fromJson(RunFlowUiTest.SHORT_RUN),
                Map.of("steps", 300, "evalEvery", 100, "checkpointEvery", 20)));
        baseConfig(robot, longer);
        type(robot, "#sweep-beta", "0.1, 0.3");
        scrollTo(robot, "#create-sweep");
        robot.clickOn("#create-sweep");
        Label progress = robot.lookup("#sweep-progress-text").query();
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> progress.getText().matches(".*KTO step (2\\d|[3-9]\\d|\\d{3}) / 300.*"));
        robot.clickOn("#pause-sweep");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !shell.launcher().runningProperty().get());
        long id = shell.workspace().sweeps().list().get(0).id();
        assertEquals(SweepStatus.PAUSED, shell.workspace().sweeps().find(id).orElseThrow().status());
        SweepPointInfo first = shell.workspace().sweeps().points(id).get(0);
        assertEquals(PointStatus.RUNNING, first.status(), "a paused point is not ended: it resumes");
        long stoppedAt = shell.workspace().runs().metrics(first.runId()).stream().mapToLong(m -> m.step()).max().orElseThrow();
        assertTrue(stoppedAt < 300, "paused part-way, at step " + stoppedAt);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#run-sweep").queryButton().isDisabled());

        robot.clickOn("#run-sweep");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.launcher().runningProperty().get());
        WaitForAsyncUtils.waitFor(240, TimeUnit.SECONDS, () -> !shell.launcher().runningProperty().get());
        assertEquals(SweepStatus.COMPLETED, shell.workspace().sweeps().find(id).orElseThrow().status());
        List<SweepPointInfo> points = shell.workspace().sweeps().points(id);
        assertTrue(points.stream().allMatch(p -> p.status() == PointStatus.COMPLETED && p.metric() != null), points.toString());
        assertEquals(first.runId(), points.get(0).runId(), "the paused run went on, no new run for it");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shell.sweeps().overlay().charts().charts().get(0).curveNames().size() == 2);
        MetricChartViewModel loss = shell.sweeps().overlay().charts().charts().get(0);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> loss.curveNames().stream().allMatch(c -> loss.pointCount(c) == 300));
    }

    /** A preset button runs the paper's experiment (quick: a tiny model) off the FX thread, and its sweep fills in here. */
    @Test
    void aQuickExperimentPresetRunsAsASweepThatFillsInOnThePage(FxRobot robot) throws Exception {
        robot.clickOn("#nav-sweeps");
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#preset-quick");
        assertTrue(shell.sweeps().presets().quickProperty().get());
        type(robot, "#preset-seeds", "1");
        long started = System.nanoTime();
        robot.clickOn("#preset-z0-ablation");
        assertTrue(shell.launcher().runningProperty().get(), "the experiment trains in the background");
        assertTrue(robot.lookup("#preset-z0-ablation").queryButton().isDisabled(), "one training at a time");
        Label status = robot.lookup("#preset-status").query();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().contains("training the shared SFT base, step"));
        assertTrue(robot.lookup("#preset-progress").query().isVisible());

        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> shell.sweeps().selectedIdProperty().get() != null);
        long id = shell.sweeps().selectedIdProperty().get();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shell.sweeps().sweeps().stream().anyMatch(s -> s.id() == id));
        assertTrue(shell.sweeps().sweeps().stream().filter(s -> s.id() == id).findFirst().orElseThrow().describe()
                .contains("experiment z0-ablation (quick)"));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status.getText().matches(".*arm [12] of 2, step \\d+ / 24.*"));
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> !shell.launcher().runningProperty().get());
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shell.sweeps().rows().size() == 2
                && shell.sweeps().rows().stream().allMatch(r -> r.status().equals("completed")));
        WaitForAsyncUtils.waitForFxEvents();
        System.out.printf("quick z0-ablation from the preset button: %.1f s%n", (System.nanoTime() - started) / 1e9);

        assertEquals("Experiment z0-ablation (quick) ended: its results are sweep #" + id + ".", status.getText());
        assertEquals(SweepStatus.COMPLETED, shell.workspace().sweeps().find(id).orElseThrow().status());
        List<SweepPointInfo> arms = shell.workspace().sweeps().points(id);
        assertEquals(2, arms.size());
        assertTrue(arms.stream().allMatch(p -> p.metric() != null), "each arm has its winrate: " + arms);
        assertTrue(arms.get(1).paramsJson().contains("APO_ZERO_UNPAIRED"), arms.get(1).paramsJson());
        MetricChartViewModel loss = shell.sweeps().overlay().charts().charts().get(0);
        assertEquals(2, loss.curveNames().size(), "both arms' curves overlaid: " + loss.curveNames());
        assertTrue(loss.curveNames().stream().allMatch(c -> loss.pointCount(c) == 24), "every step of both arms");
        assertFalse(robot.lookup("#preset-z0-ablation").queryButton().isDisabled());
    }

    /** N random draws from ranges make N points whose values lie inside the ranges (log-uniform for β). */
    @Test
    void randomDrawsFromRangesCreateThatManyPointsInsideTheRanges(FxRobot robot) throws Exception {
        baseConfig(robot, RunFlowUiTest.SHORT_RUN);
        type(robot, "#sweep-draws", "3");
        type(robot, "#sweep-range-beta", "0.5:0.05");
        Label betaError = (Label) robot.lookup(".field-error").queryAll().stream()
                .filter(n -> n.isVisible() && ((Label) n).getText().startsWith("β range")).findFirst().orElseThrow();
        assertEquals("β range: need LO < HI", betaError.getText());
        assertTrue(robot.lookup("#create-sweep").queryButton().isDisabled());
        type(robot, "#sweep-range-beta", "0.05:0.5");
        scrollTo(robot, "#sweep-range-beta-log");
        robot.clickOn("#sweep-range-beta-log");
        type(robot, "#sweep-range-lambdaD", "1.2:1.6");
        assertEquals("3 points", robot.lookup("#sweep-point-count").queryAs(Label.class).getText());
        assertFalse(robot.lookup("#create-sweep").queryButton().isDisabled());

        scrollTo(robot, "#create-sweep");
        robot.clickOn("#create-sweep");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.launcher().runningProperty().get());
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> !shell.launcher().runningProperty().get());
        long id = shell.workspace().sweeps().list().get(0).id();
        assertEquals(SweepStatus.COMPLETED, shell.workspace().sweeps().find(id).orElseThrow().status());
        List<SweepPointInfo> points = shell.workspace().sweeps().points(id);
        assertEquals(3, points.size());
        java.util.Set<Double> betas = new java.util.HashSet<>();
        for (SweepPointInfo p : points) {
            var params = new com.fasterxml.jackson.databind.ObjectMapper().readTree(p.paramsJson());
            double beta = params.path("beta").asDouble(Double.NaN);
            double lambdaD = params.path("lambdaD").asDouble(Double.NaN);
            assertTrue(beta >= 0.05 && beta <= 0.5, "β inside its range: " + p.paramsJson());
            assertTrue(lambdaD >= 1.2 && lambdaD <= 1.6, "λD inside its range: " + p.paramsJson());
            betas.add(beta);
            assertEquals(PointStatus.COMPLETED, p.status(), p.toString());
        }
        assertEquals(3, betas.size(), "three different draws");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shell.sweeps().rows().size() == 3);
    }
}
