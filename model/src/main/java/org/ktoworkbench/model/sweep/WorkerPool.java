package org.ktoworkbench.model.sweep;

import org.ktoworkbench.model.store.PointStatus;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The worker processes of a parallel sweep, one per point being trained. A worker that dies without ending its point
 * (a crash, not a stop asked for here) leaves it FAILED with the last line it wrote; one stopped here (Ctrl-C) leaves
 * its point RUNNING, to resume from its checkpoint.
 */
final class WorkerPool {
    private static final long STOP_GRACE_SECONDS = 30;

    private final Workspace ws;
    private final long sweepId;
    private final PointWorkers workers;
    private final SweepListener listener;
    private final Map<Integer, Process> running = new LinkedHashMap<>();
    private boolean stopping;

    WorkerPool(Workspace ws, long sweepId, PointWorkers workers, SweepListener listener) {
        this.ws = ws;
        this.sweepId = sweepId;
        this.workers = workers;
        this.listener = listener;
    }

    int size() {
        return running.size();
    }

    void start(int index) {
        try {
            running.put(index, workers.start(sweepId, index, ws.sweeps().pointLog(sweepId, index)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start a worker for point " + (index + 1) + ": " + e.getMessage(), e);
        }
    }

    /** Reports the points whose workers have exited. */
    void reap() {
        for (Iterator<Map.Entry<Integer, Process>> it = running.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Integer, Process> worker = it.next();
            if (worker.getValue().isAlive()) continue;
            it.remove();
            int index = worker.getKey();
            SweepPointInfo point = point(index);
            int exit = worker.getValue().exitValue();
            if (exit != 0 && !stopping && !point.status().ended()) {
                ws.sweeps().endPoint(sweepId, index, PointStatus.FAILED, null,
                        "its worker process exited with " + exit + ": " + lastLine(ws.sweeps().pointLog(sweepId, index)));
                point = point(index);
            }
            listener.onPointEnd(point);
        }
    }

    /** Asks every worker to stop (as Ctrl-C would: each stops after its step, checkpointed) and waits for them. */
    void stopAll() {
        stopping = true;
        running.values().forEach(Process::destroy);
        for (Process p : running.values()) {
            try {
                if (!p.waitFor(STOP_GRACE_SECONDS, TimeUnit.SECONDS)) p.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        reap();
    }

    private SweepPointInfo point(int index) {
        return ws.sweeps().points(sweepId).stream().filter(p -> p.index() == index).findFirst().orElseThrow();
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) return lines.get(i).strip();
            }
            return "(no output)";
        } catch (IOException e) {
            return "(its log " + log + " cannot be read: " + e.getMessage() + ")";
        }
    }
}
