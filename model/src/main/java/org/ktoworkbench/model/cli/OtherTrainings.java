package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.EngineThreads;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.ConcurrentTraining;

import java.io.PrintWriter;
import java.util.Collection;
import java.util.List;

/** Before {@code train} or {@code resume} starts: names the runs other processes train, and shares the cores with them. */
final class OtherTrainings {
    private OtherTrainings() {}

    /** Close it after training: it gives back the thread count it changed. */
    static EngineThreads warnAndShareCores(Workspace ws, Collection<Long> except, PrintWriter out) {
        List<RunInfo> running = ConcurrentTraining.others(ws, except);
        ConcurrentTraining.warning(running).ifPresent(w -> out.println("warning: " + w));
        EngineThreads threads = EngineThreads.share(running.size() + 1);
        if (threads.changed()) {
            int threadCount = threads.threads();
            out.println("to share the " + Runtime.getRuntime().availableProcessors() + " cores, this training uses "
                    + threadCount + (threadCount == 1 ? " thread" : " threads"));
        }
        out.flush();
        return threads;
    }
}
