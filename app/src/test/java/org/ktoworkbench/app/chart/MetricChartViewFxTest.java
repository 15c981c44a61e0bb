package org.ktoworkbench.app.chart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.chart.NumberAxis;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ktoworkbench.app.theme.ThemeManager;
import org.ktoworkbench.app.theme.ThemeMode;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class MetricChartViewFxTest {
    private static final int POINTS = 100_000;
    private static final int BATCH = 1_000;

    private MetricChartView view;

    @Start
    void start(Stage stage) {
        new ThemeManager(ThemeMode.LIGHT).apply();
        view = new MetricChartView(new MetricChartViewModel("loss"));
        Scene scene = new Scene(view, 900, 400);
        ThemeManager.styleScene(scene);
        stage.setScene(scene);
        stage.show();
    }

    @Test
    void hundredThousandPointsDrawBoundedAndKeepTheFxThreadResponsive(FxRobot robot) throws Exception {
        long started = System.nanoTime();
        long worstLatencyMs = 0;
        for (int b = 0; b < POINTS / BATCH; b++) {
            int offset = b * BATCH;
            Platform.runLater(() -> {
                double[] steps = new double[BATCH];
                double[] values = new double[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    steps[i] = offset + i;
                    values[i] = 2.0 * Math.exp(-(offset + i) / 30_000.0) + 0.05 * Math.sin(offset + i);
                }
                view.viewModel().addAll("loss", steps, values, BATCH);
            });
            worstLatencyMs = Math.max(worstLatencyMs, fxLatencyMillis());
        }
        WaitForAsyncUtils.waitForFxEvents();
        Thread.sleep(250); // let the last throttled redraw run
        WaitForAsyncUtils.waitForFxEvents();
        double seconds = (System.nanoTime() - started) / 1e9;

        assertEquals(POINTS, view.viewModel().totalPointCount(), "all points are kept");
        double plotWidth = view.chart().getWidth();
        assertTrue(view.drawnPointCount() <= 2 * plotWidth + 4,
                "drawn " + view.drawnPointCount() + " for a chart " + plotWidth + " px wide");
        assertTrue(view.drawnPointCount() > 100, "the curve is drawn: " + view.drawnPointCount());
        int allowed = (int) Math.ceil(seconds * MetricChartView.MAX_REDRAWS_PER_SECOND) + 2;
        assertTrue(view.redrawCount() <= allowed,
                view.redrawCount() + " redraws in " + seconds + " s (allowed " + allowed + ")");
        assertTrue(worstLatencyMs < 1_500, "FX thread blocked for " + worstLatencyMs + " ms");
        System.out.printf("100k points: %.2f s, %d redraws, %d drawn points, worst FX latency %d ms%n",
                seconds, view.redrawCount(), view.drawnPointCount(), worstLatencyMs);
    }

    @Test
    void hoverShowsTheExactValueOfTheNearestPoint(FxRobot robot) {
        robot.interact(() -> {
            for (int i = 0; i <= 100; i++) {
                view.viewModel().add("loss", i, i == 50 ? 0.123456 : 1.0);
            }
            view.redrawNow();
        });
        WaitForAsyncUtils.waitForFxEvents();
        var xAxis = view.chart().getXAxis();
        robot.interact(() -> view.chart().layout());
        var bounds = xAxis.localToScreen(xAxis.getLayoutBounds());
        double x = bounds.getMinX() + ((javafx.scene.chart.NumberAxis) xAxis).getDisplayPosition(50);
        robot.moveTo(new javafx.geometry.Point2D(x, bounds.getMinY() - 40));
        WaitForAsyncUtils.waitForFxEvents();
        String text = view.readoutText();
        assertTrue(text.contains("step 50") && text.contains("0.123456"), "read-out was: " + text);
    }

    private static long fxLatencyMillis() throws Exception {
        long posted = System.nanoTime();
        CompletableFuture<Long> ran = new CompletableFuture<>();
        Platform.runLater(() -> ran.complete(System.nanoTime()));
        return TimeUnit.NANOSECONDS.toMillis(ran.get(10, TimeUnit.SECONDS) - posted);
    }

    @Test
    void aClearedChartDropsTheOldRangeAndSaysItIsEmpty(FxRobot robot) {
        robot.interact(() -> {
            for (int i = 0; i <= 450; i++) {
                view.viewModel().add("loss", i, 5.0 - i / 100.0);
            }
            view.redrawNow();
        });
        NumberAxis x = (NumberAxis) view.chart().getXAxis();
        assertTrue(x.getUpperBound() >= 450, "the axis covers the points: " + x.getUpperBound());
        assertFalse(robot.lookup(".metric-chart-empty").query().isVisible());
        robot.interact(() -> {
            view.viewModel().clear();
            view.redrawNow();
        });
        assertEquals(1.0, x.getUpperBound(), "no range left over from the last run");
        assertEquals(1.0, ((NumberAxis) view.chart().getYAxis()).getUpperBound());
        assertTrue(robot.lookup(".metric-chart-empty").query().isVisible());
    }
}
