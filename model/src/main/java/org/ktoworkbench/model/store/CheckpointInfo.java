package org.ktoworkbench.model.store;

import java.time.Instant;

/** A saved checkpoint of a run. */
public record CheckpointInfo(long runId, long step, String path, Instant createdAt) {
}
