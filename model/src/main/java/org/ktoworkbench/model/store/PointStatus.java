package org.ktoworkbench.model.store;

/**
 * A sweep point: PENDING (no run yet), RUNNING (its run started; if no process trains it, {@code sweep run} resumes
 * it), COMPLETED, FAILED, CANCELLED (by the user), or STOPPED (by early termination, its note says which rule).
 */
public enum PointStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, STOPPED;

    /** Whether the point is done with: it will not train again. */
    public boolean ended() {
        return this != PENDING && this != RUNNING;
    }
}
