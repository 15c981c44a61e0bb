package org.ktoworkbench.model.store;

/**
 * One point of a sweep: {@code paramsJson} holds the run config fields it sets (JSON object, dotted names) and its
 * seed; {@code runId} the KTO run that trains it once started; {@code metric} the sweep metric at its last eval
 * point; {@code note} why it ended as it did (a failure, the early-stopping rule), or null.
 */
public record SweepPointInfo(long sweepId, int index, String paramsJson, PointStatus status, Long runId, Double metric,
                             String note) {}
