package org.ktoworkbench.app.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.stage.Stage;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.app.chart.ChartExportControl;
import org.ktoworkbench.app.chart.MetricChartViewModel;
import org.ktoworkbench.app.layout.Page;
import org.ktoworkbench.app.runs.RunRow;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.train.RunConfigJson;
import java.util.Map;
import org.ktoworkbench.model.train.CancellationToken;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunEvent;
import org.ktoworkbench.model.train.RunSummary;
import org.ktoworkbench.model.train.Trainer;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

class RunFlowUiTest extends WorkbenchUiTest {
    /** A run of a few seconds on two cores: tiny model, 10 SFT and 12 KTO steps, two eval points. */
    static final String SHORT_RUN = "{\"model\": {\"layers\": 1, \"dModel\": 32, \"heads\": 2, \"contextLength\": 32},"
            + " \"sftSteps\": 10, \"steps\": 12, \"evalEvery\": 6, \"evalPrompts\": 6, \"maxNewTokens\": 8,"
            + " \"checkpointEvery\": 0, \"batchSize\": 8}";
    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    void balanceHintFollowsLambdaDAndTheFixBringsItIntoRange(FxRobot robot) throws Exception {
        robot.clickOn("#nav-run-setup");
        Label hint = robot.lookup("#balance-hint").query();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> hint.getText().contains("λD·nD"));
        TextField field = robot.lookup("#lambda-d").query();
        // the sample's train split has 962 desirable and 1,350 undesirable rows: λD = 1 is below the range
        robot.interact(() -> field.setText("1"));
        assertTrue(hint.getText().contains("below"), hint.getText());
        String before = hint.getText();
        Slider slider = robot.lookup("#lambda-d-slider").query();
        robot.interact(() -> slider.setValue(2.5));
        WaitForAsyncUtils.waitForFxEvents();
        assertNotEquals(before, hint.getText());
        assertTrue(hint.getText().contains("above"), hint.getText());
        assertEquals("2.5", field.getText(), "the exact field follows the slider");
        robot.clickOn("#fix-lambda-d");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(hint.getText().contains("inside"), hint.getText());
        assertEquals("1.87", field.getText(), "λD fixed to the largest 3-digit value with ratio <= 4/3 (1.8711)");

        robot.interact(() -> field.setText("-3"));
        assertTrue(field.getStyleClass().contains("invalid"), "an invalid value is refused in place");
        assertTrue(robot.lookup("#start-run").queryButton().isDisabled());
        assertEquals(1.87, shell.setup().lambdaD().value(), 1e-12, "the last valid value is kept");
    }

    @Test
    void shortRunsFillEveryChartListInRunsAndOverlay(FxRobot robot) throws Exception {
        robot.clickOn("#nav-run-setup");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.setup().datasetProperty().get() != null);
        robot.interact(() -> shell.setup().apply(RunConfigJson.fromJson(SHORT_RUN)));
        robot.clickOn("#start-run");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shell.navigation().current() == Page.MONITOR);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !shell.launcher().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#run-status").queryAs(Label.class).getText().contains("completed"),
                robot.lookup("#run-status").queryAs(Label.class).getText());
        for (MetricChartViewModel chart : shell.monitor().charts().charts()) {
            assertTrue(chart.totalPointCount() > 0, chart.title() + " has no points");
        }
        assertEquals(12, shell.monitor().charts().charts().get(0).pointCount("loss"));
        MetricChartViewModel lengths = shell.monitor().charts().charts().get(4);
        assertEquals("Sample length (tokens)", lengths.title());
        assertEquals(List.of("policy", "reference"), lengths.curveNames());
        long ktoRun = shell.monitor().runId();
        for (String side : List.of("policy", "reference")) {
            assertEquals(3, lengths.pointCount(side), side + " length at the eval points 0, 6 and 12");
            double logged = shell.workspace().runs().metrics(ktoRun).stream()
                    .filter(m -> m.step() == 12 && m.name().equals("eval/" + side + "_length")).findFirst().orElseThrow().value();
            assertEquals(logged, lengths.points(side).value(2), 1e-9, "the chart shows the logged mean " + side + " length");
        }
        var drawnLengths = robot.lookup(".metric-chart").queryAll().stream()
                .map(n -> (org.ktoworkbench.app.chart.MetricChartView) n)
                .filter(v -> v.viewModel().title().equals("Sample length (tokens)")).findFirst().orElseThrow();
        robot.interact(drawnLengths::redrawNow);
        assertTrue(drawnLengths.isVisible());
        assertEquals(2, drawnLengths.chart().getData().size(), "both series drawn");
        assertTrue(robot.lookup("#run-progress-text").queryAs(Label.class).getText().startsWith("step 12 / 12"));
        TableView<?> samples = robot.lookup("#samples-table").queryTableView();
        assertFalse(samples.getItems().isEmpty(), "judged samples are listed");
        ChartExportControl export = (ChartExportControl) robot.lookup("#monitor-page #export-pngs").query().getParent();
        Path pngs = Files.createTempDirectory(dir, "pngs");
        robot.interact(() -> export.exportTo(pngs));
        assertEquals("Wrote 5 PNGs to " + pngs, export.message().getText());
        try (var files = Files.list(pngs)) {
            for (Path png : files.toList()) {
                byte[] head = Arrays.copyOf(Files.readAllBytes(png), 8);
                assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'}, head, png.toString());
                assertTrue(png.getFileName().toString().startsWith("run-" + shell.monitor().runId() + "-"), png.toString());
            }
        }

        // a second run with another β from the first run's SFT model, then both KTO runs overlaid
        robot.clickOn("#nav-run-setup");
        ComboBox<RunInfo> from = robot.lookup("#base-run").queryComboBox();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> from.getItems().stream()
                .anyMatch(r -> r != null && r.kind().equals("sft")));
        RunInfo sft = from.getItems().stream().filter(r -> r != null && r.kind().equals("sft")).findFirst().orElseThrow();
        robot.interact(() -> {
            from.setValue(sft);
            shell.setup().beta().set(0.3);
        });
        assertTrue(robot.lookup("#sft-steps").query().isDisabled(), "a base run means no SFT");
        robot.clickOn("#start-run");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> shell.launcher().runningProperty().get()
                || shell.navigation().current() == Page.MONITOR);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !shell.launcher().runningProperty().get());

        robot.clickOn("#nav-runs");
        TableView<RunRow> runs = robot.lookup("#runs-table").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runs.getItems().size() == 3);
        List<RunRow> kto = runs.getItems().stream().filter(r -> r.info().kind().equals("kto")).toList();
        assertEquals(2, kto.size());
        assertTrue(kto.stream().allMatch(r -> r.info().parentRunId() == sft.id()), "both KTO runs start from the one SFT run");
        assertTrue(kto.stream().allMatch(r -> r.status() == RunStatus.COMPLETED && r.finalLoss() != null));
        robot.interact(() -> {
            runs.getSelectionModel().clearSelection();
            kto.forEach(r -> runs.getSelectionModel().select(r));
        });
        robot.clickOn("#compare-selected");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shell.navigation().current() == Page.COMPARE);
        MetricChartViewModel loss = shell.compare().charts().charts().get(0);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> loss.curveNames().size() == 2);
        for (String curve : loss.curveNames()) {
            assertEquals(12, loss.pointCount(curve), curve);
        }
        TableView<RunRow> compared = robot.lookup("#compare-table").queryTableView();
        assertEquals(kto.stream().map(RunRow::id).sorted().toList(),
                compared.getItems().stream().map(RunRow::id).sorted().toList(), "the compared runs side by side");
        assertTrue(compared.getItems().stream().allMatch(r -> r.beta() != null && r.finalLoss() != null));
        MetricChartViewModel winrate = shell.compare().charts().charts().get(3);
        assertEquals(2, winrate.curveNames().size());
        assertTrue(winrate.totalPointCount() >= 4, "winrate at each eval point of both runs");

        // back on the runs page, which reloads on each visit, the same two runs are still selected
        robot.clickOn("#nav-runs");
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runs.getSelectionModel().getSelectedItems().size() == 2);
        assertEquals(kto.stream().map(RunRow::id).sorted().toList(),
                runs.getSelectionModel().getSelectedItems().stream().map(RunRow::id).sorted().toList());
    }

    @Test
    void aResumedRunShowsItsWholeCurveOnTheMonitor(FxRobot robot) throws Exception {
        robot.clickOn("#nav-runs");
        robot.clickOn("#nav-datasets");
        // a KTO run cancelled after step 7 with a checkpoint at step 4, made outside the GUI as the CLI would
        RunConfig config = RunConfigJson.withOverrides(RunConfigJson.fromJson(SHORT_RUN),
                Map.of("sftSteps", 0, "checkpointEvery", 4));
        CancellationToken cancel = new CancellationToken();
        List<RunSummary> cancelled = new Trainer(shell.workspace()).train(config, null, event -> {
            if (event instanceof RunEvent.Step step && step.step() == 7) cancel.cancel();
        }, cancel);
        long runId = cancelled.get(cancelled.size() - 1).runId();
        assertEquals(RunStatus.CANCELLED, cancelled.get(cancelled.size() - 1).status());

        robot.clickOn("#nav-runs"); // a visit lists runs made elsewhere since the last one
        TableView<RunRow> runs = robot.lookup("#runs-table").queryTableView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> runs.getItems().stream().anyMatch(r -> r.id() == runId));
        robot.interact(() -> runs.getSelectionModel().select(
                runs.getItems().stream().filter(r -> r.id() == runId).findFirst().orElseThrow()));
        robot.clickOn("#resume-run");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shell.launcher().runningProperty().get()
                || shell.monitor().runId() == runId);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !shell.launcher().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals(runId, shell.monitor().runId());
        MetricChartViewModel loss = shell.monitor().charts().charts().get(0);
        assertEquals(12, loss.pointCount("loss"), "steps 1-4 from the store, 5-12 live, none twice");
        MetricChartViewModel winrate = shell.monitor().charts().charts().get(3);
        assertEquals(3, winrate.pointCount("winrate"), "eval points at steps 0 and 6 (stored) and 12 (live)");
    }
}
