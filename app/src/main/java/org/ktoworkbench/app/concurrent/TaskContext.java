package org.ktoworkbench.app.concurrent;

/** What running work may tell its executor: progress, a status line, and whether to stop. */
public interface TaskContext {
    void progress(double done, double total);

    void message(String message);

    boolean isCancelled();
}
