package org.ktoworkbench.app.concurrent;

/** A running {@link BackgroundTask}: ask it to stop, or see whether it has ended. */
public interface TaskHandle {
    void cancel();

    boolean isDone();
}
