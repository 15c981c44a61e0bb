package org.ktoworkbench.model.train;

/** Asked between steps; a cancelled run stops after the step in flight and keeps its last checkpoint. */
public final class CancellationToken {
    private volatile boolean cancelled;

    public void cancel() {
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
