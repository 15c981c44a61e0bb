package org.ktoworkbench.model.store;

/** One logged value, e.g. step 10, "rewards/chosen", 0.31. */
public record MetricPoint(long step, String name, double value) {
}
