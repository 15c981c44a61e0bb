package org.ktoworkbench.model.store;

import java.time.Instant;

/**
 * A stored run. {@code parentRunId} (e.g. the SFT run a KTO run starts from) and {@code summaryJson} may be null;
 * {@code ownerPid} is the process training it (while it reads QUEUED, the one that created it and will start it), for
 * display, set only while it reads RUNNING or QUEUED.
 */
public record RunInfo(long id, String name, String kind, String datasetName, String configJson, Long parentRunId,
                      RunStatus status, String statusMessage, Instant createdAt, Instant updatedAt, String notes,
                      String summaryJson, Long ownerPid) {
}
