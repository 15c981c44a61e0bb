package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.train.CancellationToken;

import java.util.function.Function;

/** Ctrl-C cancels the run in flight: it stops after the current step and its status says so. */
final class CancelOnInterrupt {
    private static final long GRACE_MILLIS = 15_000;

    private CancelOnInterrupt() {}

    static <T> T run(Function<CancellationToken, T> work) {
        CancellationToken cancel = new CancellationToken();
        Thread worker = Thread.currentThread();
        Thread hook = new Thread(() -> {
            cancel.cancel();
            try {
                worker.join(GRACE_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return work.apply(cancel);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it waits for us
            }
        }
    }
}
