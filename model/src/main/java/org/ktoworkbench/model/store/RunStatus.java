package org.ktoworkbench.model.store;

/** Life cycle of a run. INTERRUPTED: the process running it ended without a final status. */
public enum RunStatus {
    QUEUED, RUNNING, COMPLETED, CANCELLED, FAILED, INTERRUPTED
}
