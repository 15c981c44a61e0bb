package org.ktoworkbench.model.store;

import java.nio.file.Path;
import java.time.Instant;

/** A saved checkpoint of a run; {@code path} is resolved against the workspace's directory as it is now. */
public record CheckpointInfo(long runId, long step, Path path, Instant createdAt) {
}
