package org.ktoworkbench.app.concurrent;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * A description of long work that a view-model hands to a {@link TaskExecutor}: the work itself,
 * and what to do with its result, failure, cancellation and progress. The callbacks run on the
 * FX thread under {@link FxTaskExecutor}, on the calling thread under {@link DirectTaskExecutor}.
 */
public final class BackgroundTask<T> {
    /** The work; it runs off the FX thread and must not touch the scene graph. */
    @FunctionalInterface
    public interface Work<T> {
        T call(TaskContext context) throws Exception;
    }

    /** Progress as a fraction in [0, 1] (or -1 when unknown) and the latest status line. */
    @FunctionalInterface
    public interface ProgressListener {
        void onProgress(double fraction, String message);
    }

    private final String title;
    private final Work<T> work;
    private Consumer<? super T> onSuccess = v -> { };
    private Consumer<? super Throwable> onFailure = e -> { };
    private Runnable onCancelled = () -> { };
    private ProgressListener onProgress = (f, m) -> { };
    private Runnable onFinished = () -> { };

    private BackgroundTask(String title, Work<T> work) {
        this.title = Objects.requireNonNull(title);
        this.work = Objects.requireNonNull(work);
    }

    public static <T> BackgroundTask<T> of(String title, Work<T> work) {
        return new BackgroundTask<>(title, work);
    }

    public BackgroundTask<T> onSuccess(Consumer<? super T> handler) {
        this.onSuccess = Objects.requireNonNull(handler);
        return this;
    }

    public BackgroundTask<T> onFailure(Consumer<? super Throwable> handler) {
        this.onFailure = Objects.requireNonNull(handler);
        return this;
    }

    public BackgroundTask<T> onCancelled(Runnable handler) {
        this.onCancelled = Objects.requireNonNull(handler);
        return this;
    }

    public BackgroundTask<T> onProgress(ProgressListener listener) {
        this.onProgress = Objects.requireNonNull(listener);
        return this;
    }

    /** Runs after success, failure or cancellation (after their own handler). */
    public BackgroundTask<T> onFinished(Runnable handler) {
        this.onFinished = Objects.requireNonNull(handler);
        return this;
    }

    public String title() {
        return title;
    }

    T call(TaskContext context) throws Exception {
        return work.call(context);
    }

    void succeeded(T value) {
        onSuccess.accept(value);
        onFinished.run();
    }

    void failed(Throwable error) {
        onFailure.accept(error);
        onFinished.run();
    }

    void cancelled() {
        onCancelled.run();
        onFinished.run();
    }

    void progressed(double fraction, String message) {
        onProgress.onProgress(fraction, message);
    }
}
