package org.ktoworkbench.model.store;

/** Refusal to act on a run that a live process trains or is about to start (its owner lock is held). */
public final class RunTrainingException extends StoreException {
    private final long runId;

    /** {@code status}: what the run reads, QUEUED for one its owner has yet to start. */
    RunTrainingException(long runId, RunStatus status, Long ownerPid, boolean inThisProcess) {
        super("run " + runId + (status == RunStatus.QUEUED ? " is starting " : " is training ") + (inThisProcess
                ? "in this process" : "in another process" + (ownerPid == null ? "" : " (pid " + ownerPid + ")")));
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }
}
