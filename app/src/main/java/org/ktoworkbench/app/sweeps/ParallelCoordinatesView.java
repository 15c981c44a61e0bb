package org.ktoworkbench.app.sweeps;

import java.util.ArrayList;
import java.util.List;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.paint.CycleMethod;
import javafx.scene.paint.LinearGradient;
import javafx.scene.paint.Stop;
import javafx.scene.shape.Line;
import javafx.scene.shape.Polyline;
import javafx.scene.shape.Rectangle;
import javafx.scene.text.Text;

/**
 * Parallel coordinates drawn with plain shapes: an axis per parameter and one for the metric (with a colour bar),
 * a line per setting coloured by its metric (the mean over seeds), the best thicker; hovering a line highlights it and
 * shows its exact values with the 95% interval above the plot (the axis spans the intervals).
 */
public final class ParallelCoordinatesView extends VBox {
    private static final double TOP = 34;
    private static final double BOTTOM = 16;
    private static final double LEFT = 30;
    private static final double RIGHT = 70;

    private final Label readout = new Label(" ");
    private final Pane plot = new Pane() {
        @Override
        protected void layoutChildren() {
            super.layoutChildren();
            if (getWidth() != drawnWidth || getHeight() != drawnHeight) {
                draw();
            }
        }
    };
    private final List<Polyline> lines = new ArrayList<>();
    private ParallelCoordinates data;
    private double drawnWidth = -1;
    private double drawnHeight = -1;

    public ParallelCoordinatesView(ObservableValue<ParallelCoordinates> source) {
        getStyleClass().add("parallel-coordinates");
        setSpacing(6);
        readout.setId("parallel-readout");
        readout.getStyleClass().add("heatmap-readout");
        plot.setMinSize(200, 160);
        VBox.setVgrow(plot, Priority.ALWAYS);
        getChildren().addAll(readout, plot);
        source.addListener((obs, old, now) -> {
            data = now;
            draw();
        });
        data = source.getValue();
    }

    private void draw() {
        drawnWidth = plot.getWidth();
        drawnHeight = plot.getHeight();
        plot.getChildren().clear();
        lines.clear();
        readout.setText(" ");
        if (data == null || drawnWidth <= 0 || drawnHeight <= 0) {
            return;
        }
        int n = data.axes().size();
        double span = Math.max(1, drawnWidth - LEFT - RIGHT);
        double height = Math.max(1, drawnHeight - TOP - BOTTOM);
        List<String> fields = data.fields();
        for (ParallelCoordinates.Line line : data.lines()) {
            Polyline poly = new Polyline();
            for (int i = 0; i < n; i++) {
                poly.getPoints().addAll(x(i, n, span), y(line.positions()[i], height));
            }
            double t = line.positions()[n - 1];
            poly.setStroke(Color.web(ColorScale.web(t)));
            double width = line.best() ? 4 : 2;
            poly.setStrokeWidth(width);
            poly.getStyleClass().add("parallel-line");
            String exact = (line.best() ? "★ best · " : "") + line.setting().describe(fields, data.metric());
            poly.setOnMouseEntered(e -> {
                poly.setStrokeWidth(width + 2);
                poly.toFront();
                readout.setText(exact);
            });
            poly.setOnMouseExited(e -> poly.setStrokeWidth(width));
            lines.add(poly);
        }
        List<Label> ticks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            drawAxis(data.axes().get(i), x(i, n, span), height, i == n - 1, ticks);
        }
        // lines above the axes so they can be hovered, the best last so it is on top; tick labels above all
        lines.stream().filter(l -> l.getStrokeWidth() < 4).forEach(plot.getChildren()::add);
        lines.stream().filter(l -> l.getStrokeWidth() >= 4).forEach(plot.getChildren()::add);
        plot.getChildren().addAll(ticks);
        if (data.lines().isEmpty()) {
            Text none = new Text(LEFT, TOP + height / 2, "No setting has a " + data.metric() + " yet.");
            none.getStyleClass().add("parallel-text");
            plot.getChildren().add(none);
        }
    }

    private void drawAxis(ParallelCoordinates.Axis axis, double x, double height, boolean metric, List<Label> ticks) {
        Line line = new Line(x, TOP, x, TOP + height);
        line.getStyleClass().add("parallel-axis");
        plot.getChildren().add(line);
        if (metric) {
            Rectangle bar = new Rectangle(x + 3, TOP, 6, height);
            bar.setFill(new LinearGradient(0, 1, 0, 0, true, CycleMethod.NO_CYCLE,
                    new Stop(0, Color.web(ColorScale.web(0))), new Stop(0.25, Color.web(ColorScale.web(0.25))),
                    new Stop(0.5, Color.web(ColorScale.web(0.5))), new Stop(0.75, Color.web(ColorScale.web(0.75))),
                    new Stop(1, Color.web(ColorScale.web(1)))));
            plot.getChildren().add(bar);
        }
        Text title = new Text(axis.label() + (axis.log() ? " (log)" : ""));
        title.getStyleClass().add("parallel-title");
        title.setX(Math.max(2, x - title.getLayoutBounds().getWidth() / 2));
        title.setY(TOP - 14);
        plot.getChildren().add(title);
        for (ParallelCoordinates.Tick tick : axis.ticks()) {
            double y = y(tick.position(), height);
            Line mark = new Line(x - 3, y, x + 3, y);
            mark.getStyleClass().add("parallel-axis");
            Label label = new Label(tick.text());
            label.getStyleClass().add("parallel-tick");
            label.setMouseTransparent(true);
            label.relocate(x + (metric ? 12 : 5), y - 8);
            plot.getChildren().add(mark);
            ticks.add(label);
        }
    }

    private static double x(int i, int n, double span) {
        return LEFT + (n == 1 ? span / 2 : span * i / (n - 1));
    }

    private static double y(double position, double height) {
        return TOP + (1 - position) * height;
    }

    /** The drawn lines, one per measured setting, in the data's order. */
    public List<Polyline> lines() {
        return List.copyOf(lines);
    }

    public String readoutText() {
        return readout.getText().isBlank() ? "" : readout.getText();
    }
}
