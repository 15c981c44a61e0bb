package org.ktoworkbench.app.run;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunStore;

/**
 * Reads a run's metrics from the store a piece at a time, each point once: the trainer may log a
 * step's eval metrics after its train metrics, so the last step seen is read again and only names
 * not yet seen at that step are kept. Not thread-safe; one poller owns it.
 */
public final class MetricCursor {
    private final RunStore runs;
    private final long runId;
    private long lastStep = Long.MIN_VALUE;
    private final Set<String> namesAtLastStep = new HashSet<>();

    public MetricCursor(RunStore runs, long runId) {
        this.runs = runs;
        this.runId = runId;
    }

    /** New points since the last call, grouped by step in step order. */
    public NavigableMap<Long, Map<String, Double>> next() {
        List<MetricPoint> points = runs.metricsAfter(runId, lastStep == Long.MIN_VALUE ? Long.MIN_VALUE : lastStep - 1);
        NavigableMap<Long, Map<String, Double>> byStep = new TreeMap<>();
        for (MetricPoint p : points) {
            if (p.step() < lastStep || (p.step() == lastStep && namesAtLastStep.contains(p.name()))) {
                continue;
            }
            byStep.computeIfAbsent(p.step(), s -> new LinkedHashMap<>()).put(p.name(), p.value());
        }
        for (Map.Entry<Long, Map<String, Double>> e : byStep.entrySet()) {
            if (e.getKey() > lastStep) {
                lastStep = e.getKey();
                namesAtLastStep.clear();
            }
            if (e.getKey() == lastStep) {
                namesAtLastStep.addAll(e.getValue().keySet());
            }
        }
        return byStep;
    }

    public long runId() {
        return runId;
    }
}
