package org.ktoworkbench.app.concurrent;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * Runs tasks on daemon worker threads through {@link javafx.concurrent.Task}, which already
 * coalesces progress updates; every callback arrives on the FX thread. Once closed, a task handed
 * to it is cancelled instead of run.
 */
public final class FxTaskExecutor implements TaskExecutor {
    private final ExecutorService pool;

    public FxTaskExecutor() {
        AtomicInteger count = new AtomicInteger();
        pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "workbench-task-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public <T> TaskHandle execute(BackgroundTask<T> task) {
        Task<T> fxTask = new Task<>() {
            @Override
            protected T call() throws Exception {
                updateTitle(task.title());
                Task<T> self = this;
                return task.call(new TaskContext() {
                    @Override
                    public void progress(double done, double total) {
                        updateProgress(done, total);
                    }

                    @Override
                    public void message(String message) {
                        updateMessage(message);
                    }

                    @Override
                    public boolean isCancelled() {
                        return self.isCancelled();
                    }
                });
            }
        };
        fxTask.progressProperty().addListener((obs, old, now) ->
                task.progressed(now.doubleValue(), fxTask.getMessage()));
        fxTask.messageProperty().addListener((obs, old, now) ->
                task.progressed(fxTask.getProgress(), now));
        fxTask.setOnSucceeded(e -> task.succeeded(fxTask.getValue()));
        fxTask.setOnFailed(e -> task.failed(fxTask.getException()));
        fxTask.setOnCancelled(e -> task.cancelled());
        try {
            pool.execute(fxTask);
        } catch (RejectedExecutionException closed) {
            // the window is closing: a page's late poll or callback runs nothing rather than fail on the FX thread
            fxTask.cancel(false);
        }
        return new TaskHandle() {
            @Override
            public void cancel() {
                fxTask.cancel(false);
            }

            @Override
            public boolean isDone() {
                return fxTask.isDone();
            }
        };
    }

    @Override
    public void runOnUiThread(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
