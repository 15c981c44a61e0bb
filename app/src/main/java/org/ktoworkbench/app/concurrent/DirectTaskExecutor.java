package org.ktoworkbench.app.concurrent;

/**
 * Runs each task to completion on the calling thread, callbacks included: for tests of
 * view-models, where waiting on another thread would only add flakiness.
 */
public final class DirectTaskExecutor implements TaskExecutor {
    @Override
    public <T> TaskHandle execute(BackgroundTask<T> task) {
        boolean[] cancelled = {false};
        TaskContext context = new TaskContext() {
            @Override
            public void progress(double done, double total) {
                task.progressed(total <= 0 ? -1 : done / total, null);
            }

            @Override
            public void message(String message) {
                task.progressed(-1, message);
            }

            @Override
            public boolean isCancelled() {
                return cancelled[0];
            }
        };
        try {
            task.succeeded(task.call(context));
        } catch (Exception e) {
            task.failed(e);
        }
        return new TaskHandle() {
            @Override
            public void cancel() {
                cancelled[0] = true;
            }

            @Override
            public boolean isDone() {
                return true;
            }
        };
    }

    @Override
    public void runOnUiThread(Runnable action) {
        action.run();
    }

    @Override
    public void close() {
    }
}
