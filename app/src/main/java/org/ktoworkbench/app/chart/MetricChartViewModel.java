package org.ktoworkbench.app.chart;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;

/**
 * The data behind one chart: every point of every curve (nothing is thrown away), the smoothing
 * and log-scale settings, and what should be drawn at a given width. Confined to the FX thread
 * once shown; {@link #versionProperty()} changes on every change so a view can redraw, throttled.
 */
public final class MetricChartViewModel {
    /** Two drawn points (min and max) per bucket; one bucket per pixel column. */
    public static final int PIXELS_PER_BUCKET = 1;
    public static final double MAX_SMOOTHING = 0.99;

    private final String title;
    private final Map<String, Curve> curves = new LinkedHashMap<>();
    private final DoubleProperty smoothing = new SimpleDoubleProperty(this, "smoothing", 0);
    private final BooleanProperty logScale = new SimpleBooleanProperty(this, "logScale", false);
    private final ReadOnlyBooleanWrapper logScaleAvailable = new ReadOnlyBooleanWrapper(this, "logScaleAvailable", false);
    private final ReadOnlyLongWrapper version = new ReadOnlyLongWrapper(this, "version", 0);

    public MetricChartViewModel(String title) {
        this.title = title;
        smoothing.addListener((obs, old, now) -> {
            double v = now.doubleValue();
            if (v < 0 || v > MAX_SMOOTHING || Double.isNaN(v)) {
                smoothing.set(Math.max(0, Math.min(MAX_SMOOTHING, Double.isNaN(v) ? 0 : v)));
                return;
            }
            changed();
        });
        logScale.addListener((obs, old, now) -> changed());
    }

    public String title() {
        return title;
    }

    /** Declares a curve up front so its colour and legend position stay fixed. */
    public void defineCurve(String name, CurveStyle style) {
        curves.computeIfAbsent(name, n -> new Curve(style));
    }

    /**
     * Draws {@code curve} in {@code color} (a web colour; null: the theme's colour for its position), thicker when
     * {@code emphasized}; for overlays coloured by something other than the curve's order.
     */
    public void colorCurve(String curve, String color, boolean emphasized) {
        Curve c = curves.computeIfAbsent(curve, n -> new Curve(CurveStyle.LINE));
        if (Objects.equals(c.color, color) && c.emphasized == emphasized) {
            return;
        }
        c.color = color;
        c.emphasized = emphasized;
        changed();
    }

    public void add(String curve, double step, double value) {
        curves.computeIfAbsent(curve, n -> new Curve(CurveStyle.LINE)).add(step, value);
        changed();
    }

    /** Adds many points with one change notification. */
    public void addAll(String curve, double[] steps, double[] values, int count) {
        Curve c = curves.computeIfAbsent(curve, n -> new Curve(CurveStyle.LINE));
        for (int i = 0; i < count; i++) {
            c.add(steps[i], values[i]);
        }
        changed();
    }

    public void clear() {
        curves.clear();
        changed();
    }

    public List<String> curveNames() {
        return List.copyOf(curves.keySet());
    }

    public int pointCount(String curve) {
        Curve c = curves.get(curve);
        return c == null ? 0 : c.points.size();
    }

    public int totalPointCount() {
        return curves.values().stream().mapToInt(c -> c.points.size()).sum();
    }

    public PointSeries points(String curve) {
        return curves.get(curve).points;
    }

    /** What to draw on a plot {@code pixelWidth} wide: each curve smoothed, then downsampled. */
    public List<DrawnCurve> frame(int pixelWidth) {
        int buckets = Math.max(1, pixelWidth / PIXELS_PER_BUCKET);
        boolean log = isLogScaleInEffect();
        List<DrawnCurve> drawn = new ArrayList<>(curves.size());
        for (Map.Entry<String, Curve> e : curves.entrySet()) {
            Curve c = e.getValue();
            double[] ys = c.displayValues(smoothing.get());
            MinMaxDownsampler.Sampled s = MinMaxDownsampler.downsample(
                    c.points.stepsView(), ys, c.points.size(), buckets);
            double[] y = s.y();
            if (log) {
                for (int i = 0; i < y.length; i++) {
                    y[i] = Math.log10(y[i]);
                }
            }
            drawn.add(new DrawnCurve(e.getKey(), c.style, c.color, c.emphasized, s.x(), y));
        }
        return drawn;
    }

    /** Exact raw and smoothed values of each curve's point nearest to {@code step}. */
    public Optional<Readout> readout(double step) {
        List<Readout.Reading> readings = new ArrayList<>();
        for (Map.Entry<String, Curve> e : curves.entrySet()) {
            Curve c = e.getValue();
            int i = c.points.nearestIndex(step);
            if (i >= 0) {
                double smoothed = c.displayValues(smoothing.get())[i];
                readings.add(new Readout.Reading(e.getKey(), c.points.step(i), c.points.value(i), smoothed));
            }
        }
        return readings.isEmpty() ? Optional.empty() : Optional.of(new Readout(readings));
    }

    public boolean isLogScaleInEffect() {
        return logScale.get() && logScaleAvailable.get();
    }

    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    public BooleanProperty logScaleProperty() {
        return logScale;
    }

    /** True while every finite value of every curve is positive, so a log axis can show them. */
    public ReadOnlyBooleanProperty logScaleAvailableProperty() {
        return logScaleAvailable.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty versionProperty() {
        return version.getReadOnlyProperty();
    }

    private void changed() {
        boolean positive = !curves.isEmpty() && curves.values().stream().allMatch(c -> c.nonPositive == 0);
        logScaleAvailable.set(positive);
        version.set(version.get() + 1);
    }

    private static final class Curve {
        final PointSeries points = new PointSeries();
        final CurveStyle style;
        String color;
        boolean emphasized;
        int nonPositive;
        private double[] smoothedCache;
        private int cachedSize = -1;
        private double cachedWeight = Double.NaN;

        Curve(CurveStyle style) {
            this.style = style;
        }

        void add(double step, double value) {
            points.add(step, value);
            if (Double.isFinite(value) && value <= 0) {
                nonPositive++;
            }
        }

        /** Values as shown: smoothed for lines (cached until data or weight change), raw for bands. */
        double[] displayValues(double weight) {
            if (style == CurveStyle.BAND || weight == 0) {
                return points.valuesView();
            }
            if (cachedSize != points.size() || cachedWeight != weight) {
                smoothedCache = EmaSmoother.smooth(points.valuesView(), points.size(), weight);
                cachedSize = points.size();
                cachedWeight = weight;
            }
            return smoothedCache;
        }
    }
}
