package org.ktoworkbench.model.train;

import org.ktoworkbench.model.store.RunStatus;

import java.util.Map;

/** How a run ended: its status, steps done, the last step's metrics and the last evaluation's. */
public record RunSummary(long runId, RunEvent.Phase phase, RunStatus status, long stepsDone, String message,
                         Map<String, Double> lastMetrics, Map<String, Double> lastEval) {}
