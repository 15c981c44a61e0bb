package org.ktoworkbench.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op threads sized so that {@code trainings} processes share the cores instead of each taking them all
 * (two trainings of 2 threads each on 2 cores ran at 670-940 tokens/s together against about 5,300 alone). Intra-op
 * threads can change while the engine runs; the previous count comes back on {@link #close}. A count the user chose
 * ({@code -Dai.djl.pytorch.num_threads}) is left alone.
 */
public final class EngineThreads implements AutoCloseable {
    static final String USER_SETTING = "ai.djl.pytorch.num_threads";

    private final int previous;
    private final int threads;

    private EngineThreads(int previous, int threads) {
        this.previous = previous;
        this.threads = threads;
    }

    /** One training's share of the cores while {@code trainings} train at once (at least one thread). */
    public static EngineThreads share(int trainings) {
        if (trainings <= 1 || System.getProperty(USER_SETTING) != null) return new EngineThreads(0, 0);
        Engine.getEngine("PyTorch"); // loads the native library JniUtils calls into
        int previous = JniUtils.getNumThreads();
        int threads = threadsFor(Runtime.getRuntime().availableProcessors(), trainings);
        if (threads >= previous) return new EngineThreads(0, 0);
        JniUtils.setNumThreads(threads);
        return new EngineThreads(previous, threads);
    }

    static int threadsFor(int cores, int trainings) {
        return Math.max(1, cores / Math.max(1, trainings));
    }

    /** The intra-op threads this training uses, when {@link #changed}. */
    public int threads() {
        return threads;
    }

    /** False when nothing was changed: a single training, a count the user set, or already few enough threads. */
    public boolean changed() {
        return threads != previous;
    }

    @Override
    public void close() {
        if (changed()) JniUtils.setNumThreads(previous);
    }
}
