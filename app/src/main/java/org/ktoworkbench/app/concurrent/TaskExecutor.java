package org.ktoworkbench.app.concurrent;

/** Runs {@link BackgroundTask}s; the GUI uses {@link FxTaskExecutor}, tests may use {@link DirectTaskExecutor}. */
public interface TaskExecutor extends AutoCloseable {
    <T> TaskHandle execute(BackgroundTask<T> task);

    /** Runs {@code action} where the task callbacks run (the FX thread in the GUI). */
    void runOnUiThread(Runnable action);

    @Override
    void close();
}
