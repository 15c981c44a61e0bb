package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.train.CancellationToken;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Ctrl-C cancels the run in flight: it stops after the current step, its status says so, and the process exits once
 * {@code work} (training and its summary) has returned.
 */
final class CancelOnInterrupt {
    private static final long GRACE_MILLIS = 15_000;

    private CancelOnInterrupt() {}

    static <T> T run(Function<CancellationToken, T> work) {
        CancellationToken cancel = new CancellationToken();
        // Wait for the work, not for the thread: after it the thread calls System.exit, which blocks while hooks run.
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            cancel.cancel();
            try {
                done.await(GRACE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return work.apply(cancel);
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running and has been released
            }
        }
    }
}
