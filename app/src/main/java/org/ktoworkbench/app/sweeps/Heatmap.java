package org.ktoworkbench.app.sweeps;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.ktoworkbench.model.sweep.SweepResults;

/**
 * A two-parameter grid as a heatmap: one cell per (x, y) setting with its metric over seeds, coloured between the
 * lowest and highest mean. Only for sweeps in which exactly two parameters vary (e.g. β × λD → winrate).
 */
public record Heatmap(String xField, List<String> xValues, String yField, List<String> yValues, List<Cell> cells,
                      String metric, double min, double max) {

    /** @param best whether this cell's mean is the best under the sweep's goal */
    public record Cell(String x, String y, SettingResult setting, boolean best) {
    }

    public static Optional<Heatmap> of(SweepResults results) {
        List<String> varying = SettingResult.varying(results);
        if (varying.size() != 2) {
            return Optional.empty();
        }
        String xField = varying.get(0);
        String yField = varying.get(1);
        List<SettingResult> settings = SettingResult.of(results);
        SettingResult best = SettingResult.best(settings, results.spec()).orElse(null);
        List<Cell> cells = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (SettingResult s : settings) {
            cells.add(new Cell(s.values().get(xField), s.values().get(yField), s, s == best));
            if (s.mean() != null) {
                min = Math.min(min, s.mean());
                max = Math.max(max, s.mean());
            }
        }
        List<String> xs = ParameterColors.sorted(cells.stream().map(Cell::x).toList());
        List<String> ys = ParameterColors.sorted(cells.stream().map(Cell::y).toList());
        return Optional.of(new Heatmap(xField, xs, yField, ys, List.copyOf(cells), results.spec().metric(),
                min == Double.POSITIVE_INFINITY ? 0 : min, max == Double.NEGATIVE_INFINITY ? 1 : max));
    }

    /** The cell at ({@code x}, {@code y}); empty for a combination the sweep does not have. */
    public Optional<Cell> cell(String x, String y) {
        return cells.stream().filter(c -> Objects.equals(c.x(), x) && Objects.equals(c.y(), y)).findFirst();
    }

    /** Where a mean lies on the colour scale. */
    public double position(double mean) {
        return ColorScale.position(mean, min, max);
    }
}
