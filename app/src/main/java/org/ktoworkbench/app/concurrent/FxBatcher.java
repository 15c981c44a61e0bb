package org.ktoworkbench.app.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Hands items produced on any thread (training events) to a consumer on the UI thread in batches:
 * however fast items arrive, at most one hand-over is queued on the UI thread at a time.
 */
public final class FxBatcher<T> {
    private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final Consumer<List<T>> consumer;
    private final Executor uiExecutor;

    /** @param uiExecutor for the GUI {@code Platform::runLater} */
    public FxBatcher(Executor uiExecutor, Consumer<List<T>> consumer) {
        this.uiExecutor = uiExecutor;
        this.consumer = consumer;
    }

    public void offer(T item) {
        queue.add(item);
        if (scheduled.compareAndSet(false, true)) {
            uiExecutor.execute(this::drain);
        }
    }

    private void drain() {
        scheduled.set(false);
        List<T> batch = new ArrayList<>();
        for (T item; (item = queue.poll()) != null; ) {
            batch.add(item);
        }
        if (!batch.isEmpty()) {
            consumer.accept(batch);
        }
    }
}
