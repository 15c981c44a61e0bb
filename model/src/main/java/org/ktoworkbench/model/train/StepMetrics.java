package org.ktoworkbench.model.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** Averages the metrics of the micro-batches that make one optimizer step (gradient accumulation). */
final class StepMetrics {
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private long tokens;

    void add(Map<String, Double> microBatch, long microBatchTokens) {
        microBatch.forEach((name, value) -> {
            double[] sum = sums.computeIfAbsent(name, k -> new double[2]);
            sum[0] += value;
            sum[1]++;
        });
        tokens += microBatchTokens;
    }

    long tokens() {
        return tokens;
    }

    Map<String, Double> means(String prefix) {
        Map<String, Double> out = new LinkedHashMap<>();
        sums.forEach((name, sum) -> out.put(prefix + name, sum[0] / sum[1]));
        return out;
    }
}
