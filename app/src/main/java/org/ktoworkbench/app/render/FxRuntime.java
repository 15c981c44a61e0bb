package org.ktoworkbench.app.render;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;

import javafx.application.Platform;

/** Starts JavaFX headless (Monocle, software rendering) for tools that run without a display. */
public final class FxRuntime {
    private FxRuntime() {
    }

    public static void startHeadless() {
        setIfAbsent("glass.platform", "Monocle");
        setIfAbsent("monocle.platform", "Headless");
        setIfAbsent("prism.order", "sw");
        setIfAbsent("prism.text", "t2k");
        setIfAbsent("java.awt.headless", "true");
        setIfAbsent("headless.geometry", "1600x1000-32");
        CompletableFuture<Void> started = new CompletableFuture<>();
        Platform.startup(() -> started.complete(null));
        started.join();
        Platform.setImplicitExit(false);
    }

    /** Runs {@code action} on the FX thread and waits for its result. */
    public static <T> T call(Callable<T> action) throws Exception {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(action.call());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(120, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) {
                throw cause;
            }
            throw e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("FX thread did not answer within 120 s", e);
        }
    }

    public static void run(Runnable action) throws Exception {
        call(() -> {
            action.run();
            return null;
        });
    }

    /** Lets queued FX work and a few pulses run, so layout and CSS settle. */
    public static void settle(long millis) throws Exception {
        for (int i = 0; i < 3; i++) {
            run(() -> { });
            Thread.sleep(millis / 3);
        }
        run(() -> { });
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
