package org.ktoworkbench.app.sweeps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.store.SweepInfo;
import org.ktoworkbench.model.store.SweepStatus;
import org.ktoworkbench.model.sweep.SweepResults;
import org.ktoworkbench.model.sweep.SweepSpec;

/** The heatmap and parallel coordinates as numbers, from results of the shape {@link SweepResults#of} gives. */
class SweepViewsTest {
    /** A β grid × a loss type, one seed, every point measured with winrate = β-dependent value. */
    private static SweepResults results(List<String> betas, List<String> losses, SweepSpec.Goal goal) {
        SweepSpec spec = new SweepSpec("s", "{}", null, Map.of(), 0, Map.of(), 1, "winrate", goal, "none");
        List<SweepResults.Row> rows = new ArrayList<>();
        List<SweepResults.Group> groups = new ArrayList<>();
        int n = 0;
        for (String b : betas) {
            for (String l : losses) {
                Map<String, String> values = new LinkedHashMap<>();
                values.put("beta", b);
                values.put("lossType", l);
                double metric = 0.5 + Double.parseDouble(b) / 2 + (l.equals("KTO") ? 0.01 : 0);
                rows.add(new SweepResults.Row(++n, values, 42, "completed", (long) n, metric, metric - 0.05, metric + 0.05, null));
                groups.add(new SweepResults.Group(values, 1, metric, null));
            }
        }
        SweepInfo info = new SweepInfo(1, "s", spec.toJson(), SweepStatus.COMPLETED, Instant.EPOCH, Instant.EPOCH);
        return new SweepResults(info, spec, List.of("beta", "lossType"), rows, groups);
    }

    @Test
    void aParameterSpanningAFactorOfTenOrMoreGetsALogAxisAndTextValuesAnEvenOne() {
        ParallelCoordinates pc = ParallelCoordinates.of(results(List.of("0.5", "0.01", "0.1"),
                List.of("KTO", "APO_ZERO_UNPAIRED"), SweepSpec.Goal.MAX));
        ParallelCoordinates.Axis beta = pc.axes().get(0);
        assertTrue(beta.log());
        assertEquals(0, beta.position("0.01"), 1e-12);
        assertEquals(1, beta.position("0.5"), 1e-12);
        assertEquals(Math.log10(10) / Math.log10(50), beta.position("0.1"), 1e-12, "log10(0.1/0.01) / log10(0.5/0.01)");
        assertEquals(List.of("0.01", "0.1", "0.5"), beta.ticks().stream().map(ParallelCoordinates.Tick::text).toList());
        ParallelCoordinates.Axis loss = pc.axes().get(1);
        assertEquals(List.of("APO_ZERO_UNPAIRED", "KTO"), loss.categories());
        assertEquals(1, loss.position("KTO"), 1e-12);
        ParallelCoordinates.Axis metric = pc.axes().get(2);
        assertEquals("winrate", metric.field());
        // the axis spans the means and their intervals: 0.505 - 0.05 to 0.76 + 0.05
        assertEquals(0.455, metric.min(), 1e-12);
        assertEquals(0.81, metric.max(), 1e-12);
        ParallelCoordinates.Line best = pc.lines().stream().filter(ParallelCoordinates.Line::best).findFirst().orElseThrow();
        assertEquals("0.5", best.setting().values().get("beta"));
        assertEquals("KTO", best.setting().values().get("lossType"));
        assertEquals(6, pc.lines().size());
    }

    @Test
    void theBestCellFollowsTheGoal() {
        Heatmap max = Heatmap.of(results(List.of("0.1", "0.5"), List.of("KTO", "APO_ZERO_UNPAIRED"), SweepSpec.Goal.MAX))
                .orElseThrow();
        assertTrue(max.cell("0.5", "KTO").orElseThrow().best());
        Heatmap min = Heatmap.of(results(List.of("0.1", "0.5"), List.of("KTO", "APO_ZERO_UNPAIRED"), SweepSpec.Goal.MIN))
                .orElseThrow();
        assertTrue(min.cell("0.1", "APO_ZERO_UNPAIRED").orElseThrow().best());
        assertFalse(min.cell("0.5", "KTO").orElseThrow().best());
        assertEquals(0.0, min.position(min.min()), 1e-12);
        assertTrue(Heatmap.of(results(List.of("0.1", "0.5"), List.of("KTO"), SweepSpec.Goal.MAX)).isEmpty(),
                "one parameter varies: no heatmap");
    }

    @Test
    void valuesGetPaletteColoursInNumericOrderAndManyValuesASequentialScale() {
        Map<String, String> colors = ParameterColors.assign(List.of("0.5", "0.05", "1", "0.05"));
        assertEquals(List.of("0.05", "0.5", "1"), List.copyOf(colors.keySet()));
        assertEquals(ParameterColors.PALETTE.subList(0, 3), List.copyOf(colors.values()));
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            many.add(Integer.toString(i * 10));
        }
        Map<String, String> ramp = ParameterColors.assign(many);
        assertEquals(ColorScale.web(0), ramp.get("0"));
        assertEquals(ColorScale.web(1), ramp.get("110"));
        assertEquals("#440154", ColorScale.web(0));
        assertEquals("#fde725", ColorScale.web(1));
        assertTrue(ColorScale.lightBackground(1) && !ColorScale.lightBackground(0));
    }
}
