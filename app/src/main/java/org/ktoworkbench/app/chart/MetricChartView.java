package org.ktoworkbench.app.chart;

import java.util.ArrayList;
import java.util.List;

import javafx.animation.PauseTransition;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;
import javafx.util.StringConverter;

/**
 * A {@link LineChart} over a {@link MetricChartViewModel}: redraws at most {@link #MAX_REDRAWS_PER_SECOND}
 * times a second whatever the update rate, draws the view-model's downsampled frame, shows the exact
 * values nearest the pointer, and offers a log axis where the data allows one.
 */
public final class MetricChartView extends BorderPane {
    public static final int MAX_REDRAWS_PER_SECOND = 10;
    private static final long MIN_REDRAW_INTERVAL_NANOS = 1_000_000_000L / MAX_REDRAWS_PER_SECOND;

    private final MetricChartViewModel viewModel;
    private final NumberAxis xAxis = new NumberAxis();
    private final NumberAxis yAxis = new NumberAxis();
    private final LineChart<Number, Number> chart = new LineChart<>(xAxis, yAxis);
    private final Label readout = new Label();
    private final Label empty = new Label("no points yet");
    private final RedrawThrottle throttle = new RedrawThrottle(MIN_REDRAW_INTERVAL_NANOS, System::nanoTime);
    private final PauseTransition pendingRedraw = new PauseTransition();
    private int redrawCount;
    private int drawnPointCount;

    public MetricChartView(MetricChartViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("metric-chart");
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setLegendVisible(true);
        chart.setMinHeight(160);
        xAxis.setLabel("step");
        xAxis.setForceZeroInRange(false);
        xAxis.setAnimated(false);
        yAxis.setForceZeroInRange(false);
        yAxis.setAnimated(false);
        yAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number value) {
                double v = value.doubleValue();
                return ValueFormat.compact(viewModel.isLogScaleInEffect() ? Math.pow(10, v) : v);
            }

            @Override
            public Number fromString(String s) {
                throw new UnsupportedOperationException();
            }
        });

        setTop(header());
        readout.getStyleClass().add("chart-readout");
        readout.setMouseTransparent(true);
        readout.setVisible(false);
        empty.getStyleClass().addAll("muted", "metric-chart-empty");
        empty.setMouseTransparent(true);
        StackPane plot = new StackPane(chart, empty, readout);
        StackPane.setAlignment(readout, Pos.TOP_RIGHT);
        setCenter(plot);

        chart.setOnMouseMoved(this::showReadout);
        chart.setOnMouseExited(e -> readout.setVisible(false));
        pendingRedraw.setOnFinished(e -> redrawNow());
        viewModel.versionProperty().addListener((obs, old, now) -> requestRedraw());
        chart.widthProperty().addListener((obs, old, now) -> requestRedraw());
        requestRedraw();
    }

    private HBox header() {
        Label title = new Label(viewModel.title());
        title.getStyleClass().add("chart-title");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        ToggleButton log = new ToggleButton("log");
        log.getStyleClass().add("small");
        log.selectedProperty().bindBidirectional(viewModel.logScaleProperty());
        log.disableProperty().bind(viewModel.logScaleAvailableProperty().not());
        HBox box = new HBox(8, title, grow, log);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getStyleClass().add("chart-header");
        return box;
    }

    private void requestRedraw() {
        long delay = throttle.request();
        if (delay < 0) {
            return;
        }
        pendingRedraw.setDuration(Duration.millis(Math.max(1, delay / 1_000_000.0)));
        pendingRedraw.playFromStart();
    }

    /**
     * With no points an auto-ranging axis keeps the last run's range; an empty chart shows a plain 0–1 frame and says
     * it has nothing yet instead.
     */
    private void showAxesFor(boolean hasPoints) {
        empty.setVisible(!hasPoints);
        for (NumberAxis axis : List.of(xAxis, yAxis)) {
            axis.setAutoRanging(hasPoints);
            if (!hasPoints) {
                axis.setLowerBound(0);
                axis.setUpperBound(1);
                axis.setTickUnit(0.25);
            }
        }
    }

    /** Draws the current frame immediately (for exports and screenshots); normal updates are throttled. */
    public void redrawNow() {
        pendingRedraw.stop();
        throttle.redrawn();
        int width = (int) Math.max(100, chart.getWidth() > 0 ? chart.getWidth() - 70 : 800);
        List<DrawnCurve> frame = viewModel.frame(width);
        if (chart.getData().size() > frame.size()) {
            chart.getData().clear();
        }
        int points = 0;
        for (int i = 0; i < frame.size(); i++) {
            DrawnCurve curve = frame.get(i);
            if (i == chart.getData().size()) {
                XYChart.Series<Number, Number> series = new XYChart.Series<>();
                series.setName(curve.name());
                chart.getData().add(series);
                if (curve.style() == CurveStyle.BAND && series.getNode() != null) {
                    series.getNode().getStyleClass().add("band-curve");
                }
            }
            XYChart.Series<Number, Number> series = chart.getData().get(i);
            if (series.getNode() != null) {
                series.getNode().setStyle(lineStyle(curve));
            }
            List<XYChart.Data<Number, Number>> data = new ArrayList<>(curve.size());
            for (int k = 0; k < curve.size(); k++) {
                if (Double.isFinite(curve.y()[k])) {
                    data.add(new XYChart.Data<>(curve.x()[k], curve.y()[k]));
                }
            }
            series.getData().setAll(data);
            points += data.size();
        }
        showAxesFor(points > 0);
        drawnPointCount = points;
        redrawCount++;
    }

    private static String lineStyle(DrawnCurve curve) {
        StringBuilder style = new StringBuilder();
        if (curve.color() != null) {
            style.append("-fx-stroke: ").append(curve.color()).append(';');
        }
        if (curve.emphasized()) {
            style.append("-fx-stroke-width: 3px;");
        }
        return style.toString();
    }

    private void showReadout(MouseEvent e) {
        Point2D p = xAxis.sceneToLocal(e.getSceneX(), e.getSceneY());
        if (p == null || p.getX() < 0 || p.getX() > xAxis.getWidth()) {
            readout.setVisible(false);
            return;
        }
        double step = xAxis.getValueForDisplay(p.getX()).doubleValue();
        viewModel.readout(step).ifPresentOrElse(r -> {
            readout.setText(r.format());
            readout.setVisible(true);
        }, () -> readout.setVisible(false));
    }

    public MetricChartViewModel viewModel() {
        return viewModel;
    }

    public LineChart<Number, Number> chart() {
        return chart;
    }

    /** Redraws done so far; with the throttle this grows by at most 10 a second. */
    public int redrawCount() {
        return redrawCount;
    }

    /** Points handed to the chart at the last redraw (bounded by the plot width, not the data). */
    public int drawnPointCount() {
        return drawnPointCount;
    }

    public String readoutText() {
        return readout.isVisible() ? readout.getText() : "";
    }
}
