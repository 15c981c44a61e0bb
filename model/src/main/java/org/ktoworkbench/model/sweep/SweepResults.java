package org.ktoworkbench.model.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.SweepInfo;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.Workspace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A sweep's results: one row per point (the parameters the sweep varies, seed, status, metric with its 95% interval
 * where the run logged one, e.g. the winrate's Wilson interval as {@code winrate/lower} and {@code winrate/upper}) and
 * one group per parameter setting over its seeds (mean with a 95% Student-t interval), and the best of each.
 */
public record SweepResults(SweepInfo sweep, SweepSpec spec, List<String> parameters, List<Row> rows, List<Group> groups) {

    public record Row(int number, Map<String, String> values, long seed, String status, Long runId, Double metric,
                      Double lower, Double upper, String note) {}

    /** @param interval the 95% interval of the mean over seeds; null for fewer than two */
    public record Group(Map<String, String> values, int runs, Double mean, double[] interval) {}

    public static SweepResults of(Workspace ws, long sweepId) {
        SweepInfo sweep = Sweeps.require(ws, sweepId);
        SweepSpec spec = SweepSpec.fromJson(sweep.specJson());
        List<SweepPointInfo> points = ws.sweeps().points(sweepId);
        List<ObjectNode> params = points.stream().map(p -> parse(p.paramsJson())).toList();
        Set<String> names = new LinkedHashSet<>();
        for (ObjectNode p : params) p.fieldNames().forEachRemaining(n -> { if (!n.equals("seed")) names.add(n); });
        List<Row> rows = new ArrayList<>();
        Map<Map<String, String>, List<Double>> bySetting = new LinkedHashMap<>();
        for (int i = 0; i < points.size(); i++) {
            SweepPointInfo point = points.get(i);
            Map<String, String> values = new LinkedHashMap<>();
            for (String n : names) values.put(n, params.get(i).has(n) ? text(params.get(i).get(n)) : "");
            Double lower = null;
            Double upper = null;
            if (point.runId() != null) {
                lower = atLastStep(ws, point.runId(), spec.metric(), spec.metric() + "/lower").orElse(null);
                upper = atLastStep(ws, point.runId(), spec.metric(), spec.metric() + "/upper").orElse(null);
            }
            rows.add(new Row(point.index() + 1, values, params.get(i).path("seed").asLong(), point.status().name().toLowerCase(),
                    point.runId(), point.metric(), lower, upper, point.note()));
            List<Double> metrics = bySetting.computeIfAbsent(values, k -> new ArrayList<>());
            if (point.metric() != null) metrics.add(point.metric());
        }
        List<Group> groups = new ArrayList<>();
        bySetting.forEach((values, metrics) -> groups.add(group(values, metrics)));
        return new SweepResults(sweep, spec, List.copyOf(names), rows, groups);
    }

    private static Group group(Map<String, String> values, List<Double> metrics) {
        if (metrics.isEmpty()) return new Group(values, 0, null, null);
        double mean = metrics.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        if (metrics.size() < 2) return new Group(values, 1, mean, null);
        double ss = 0;
        for (double m : metrics) ss += (m - mean) * (m - mean);
        double half = StudentT.quantile975(metrics.size() - 1) * Math.sqrt(ss / (metrics.size() - 1) / metrics.size());
        return new Group(values, metrics.size(), mean, new double[] {mean - half, mean + half});
    }

    /** The best point by the sweep's goal; empty before any point has a metric. */
    public Optional<Row> best() {
        Row best = null;
        for (Row r : rows) {
            if (r.metric() != null && (best == null || spec.better(r.metric(), best.metric()))) best = r;
        }
        return Optional.ofNullable(best);
    }

    private static Optional<Double> atLastStep(Workspace ws, long runId, String metric, String name) {
        List<MetricPoint> all = ws.runs().metrics(runId);
        Optional<Long> step = all.stream().filter(p -> p.name().equals(metric)).map(MetricPoint::step).max(Long::compare);
        return step.flatMap(s -> all.stream().filter(p -> p.step() == s && p.name().equals(name)).map(MetricPoint::value)
                .findFirst());
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }

    private static ObjectNode parse(String json) {
        try {
            return (ObjectNode) SweepSpec.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt sweep point in the workspace: " + e.getOriginalMessage(), e);
        }
    }

    /** Two-sided 95% quantiles of Student's t distribution by degrees of freedom. */
    static final class StudentT {
        private static final double[] Q975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
                2.056, 2.052, 2.048, 2.045, 2.042};

        private StudentT() {}

        static double quantile975(int df) {
            return df <= Q975.length ? Q975[df - 1] : 1.96 + 2.4 / df; // within 0.001 of the true value from 30 on
        }
    }
}
