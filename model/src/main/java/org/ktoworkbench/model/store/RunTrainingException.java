package org.ktoworkbench.model.store;

/** Refusal to act on a run that a live process trains (its owner lock is held). */
public final class RunTrainingException extends StoreException {
    private final long runId;

    RunTrainingException(long runId, Long ownerPid, boolean inThisProcess) {
        super("run " + runId + " is training " + (inThisProcess ? "in this process"
                : "in another process" + (ownerPid == null ? "" : " (pid " + ownerPid + ")")));
        this.runId = runId;
    }

    public long runId() {
        return runId;
    }
}
