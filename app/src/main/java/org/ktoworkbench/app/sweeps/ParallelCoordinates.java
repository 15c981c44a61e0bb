package org.ktoworkbench.app.sweeps;

import java.util.ArrayList;
import java.util.List;

import org.ktoworkbench.app.chart.ValueFormat;
import org.ktoworkbench.model.sweep.SweepResults;

/**
 * Parallel coordinates of a sweep: one vertical axis per varying parameter and a last one for the metric; each setting
 * (mean over its seeds) is a line through its values. Numeric axes span their values, on a log scale when they cover
 * a factor of 10 or more (β, learning rates); other values are spread evenly in order.
 */
public record ParallelCoordinates(List<Axis> axes, List<Line> lines, String metric) {

    /** @param categories the values in order for a non-numeric axis, else null */
    public record Axis(String field, String label, List<String> categories, double min, double max, boolean log,
                       List<Tick> ticks) {
        /** Where {@code value} lies on the axis, 0 at the bottom and 1 at the top. */
        public double position(String value) {
            if (categories != null) {
                int i = categories.indexOf(value);
                return categories.size() == 1 ? 0.5 : (double) i / (categories.size() - 1);
            }
            return position(Double.parseDouble(value));
        }

        public double position(double value) {
            if (log) {
                return ColorScale.position(Math.log10(value), Math.log10(min), Math.log10(max));
            }
            return ColorScale.position(value, min, max);
        }
    }

    public record Tick(double position, String text) {
    }

    /** A setting drawn across the axes; {@code positions} in axis order, the metric's last. */
    public record Line(SettingResult setting, double[] positions, boolean best) {
    }

    public static ParallelCoordinates of(SweepResults results) {
        List<String> fields = SettingResult.varying(results);
        if (fields.isEmpty()) {
            fields = results.parameters();
        }
        List<SettingResult> measured = SettingResult.of(results).stream().filter(s -> s.mean() != null).toList();
        List<Axis> axes = new ArrayList<>();
        for (String f : fields) {
            axes.add(parameterAxis(f, results.rows().stream().map(r -> r.values().getOrDefault(f, "")).toList()));
        }
        axes.add(metricAxis(results.spec().metric(), measured));
        SettingResult best = SettingResult.best(measured, results.spec()).orElse(null);
        List<Line> lines = new ArrayList<>();
        Axis metricAxis = axes.get(axes.size() - 1);
        for (SettingResult s : measured) {
            double[] positions = new double[axes.size()];
            for (int i = 0; i < fields.size(); i++) {
                positions[i] = axes.get(i).position(s.values().getOrDefault(fields.get(i), ""));
            }
            positions[fields.size()] = metricAxis.position(s.mean());
            lines.add(new Line(s, positions, s == best));
        }
        return new ParallelCoordinates(List.copyOf(axes), List.copyOf(lines), results.spec().metric());
    }

    /** The parameter axes' fields (every axis but the metric's). */
    public List<String> fields() {
        return axes.subList(0, axes.size() - 1).stream().map(Axis::field).toList();
    }

    private static Axis parameterAxis(String field, List<String> values) {
        List<String> distinct = ParameterColors.sorted(values);
        String label = SweepField.labelOf(field);
        if (!distinct.stream().allMatch(ParameterColors::isNumber)) {
            List<Tick> ticks = new ArrayList<>();
            for (int i = 0; i < distinct.size(); i++) {
                ticks.add(new Tick(distinct.size() == 1 ? 0.5 : (double) i / (distinct.size() - 1), distinct.get(i)));
            }
            return new Axis(field, label, distinct, 0, 1, false, ticks);
        }
        double min = Double.parseDouble(distinct.get(0));
        double max = Double.parseDouble(distinct.get(distinct.size() - 1));
        boolean log = min > 0 && max / min >= 10;
        Axis bare = new Axis(field, label, null, min, max, log, List.of());
        List<Tick> ticks = new ArrayList<>();
        if (distinct.size() <= 8) {
            distinct.forEach(v -> ticks.add(new Tick(bare.position(Double.parseDouble(v)), ParameterColors.display(v))));
        } else {
            for (int i = 0; i <= 4; i++) {
                double v = log ? Math.pow(10, Math.log10(min) + i * (Math.log10(max) - Math.log10(min)) / 4)
                        : min + i * (max - min) / 4;
                ticks.add(new Tick(bare.position(v), ValueFormat.compact(v)));
            }
        }
        return new Axis(field, label, null, min, max, log, ticks);
    }

    private static Axis metricAxis(String metric, List<SettingResult> measured) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (SettingResult s : measured) {
            min = Math.min(min, s.interval() != null ? Math.min(s.mean(), s.interval()[0]) : s.mean());
            max = Math.max(max, s.interval() != null ? Math.max(s.mean(), s.interval()[1]) : s.mean());
        }
        if (measured.isEmpty()) {
            min = 0;
            max = 1;
        } else if (max - min < 1e-12) {
            min -= 0.5;
            max += 0.5;
        }
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i <= 4; i++) {
            double v = min + i * (max - min) / 4;
            ticks.add(new Tick(i / 4.0, ValueFormat.compact(v)));
        }
        return new Axis(metric, metric, null, min, max, false, ticks);
    }
}
