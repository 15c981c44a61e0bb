package org.ktoworkbench.model.train;

/** Receives a run's events on the training thread: hand them elsewhere rather than block it. */
@FunctionalInterface
public interface RunListener {
    void onEvent(RunEvent event);
}
