package org.ktoworkbench.model.sweep;

import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.PointStatus;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.SweepInfo;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.SweepStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.CancellationToken;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunEvent;
import org.ktoworkbench.model.train.RunListener;
import org.ktoworkbench.model.train.RunSummary;
import org.ktoworkbench.model.train.Trainer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Trains a sweep's points one after another (on CPU two trainings at once are slower than one after the other), each a
 * KTO run from a shared base: the sweep's {@code fromRunId}, or one SFT run per distinct set of SFT settings
 * ({@link SharedBases}). Everything it does is recorded as it happens, so after a kill {@code sweep run} resumes the
 * interrupted run from its checkpoint and goes on. Between and during runs (at every step) it reads the sweep's status:
 * a pause stops the current run resumably, a cancel ends it, and a point cancelled on its own ends alone.
 */
public final class SweepRunner {
    private static final long POLL_MILLIS = 500;

    private final Workspace ws;
    private final long sweepId;
    private final Trainer trainer;

    public SweepRunner(Workspace ws, long sweepId) {
        this.ws = ws;
        this.sweepId = sweepId;
        this.trainer = new Trainer(ws);
    }

    /** Runs until every point has ended, the sweep is paused or cancelled, or {@code cancel} (the user's Ctrl-C). */
    public SweepStatus run(SweepListener listener, CancellationToken cancel) {
        return coordinate(listener, cancel, (ctx, next, total) -> {
            listener.onPointStart(next, total);
            trainLocked(ctx, next, listener, cancel);
            listener.onPointEnd(point(next.index()));
            return true;
        }, true, () -> false);
    }

    /**
     * Runs the points in up to {@code slots} worker processes at once ({@code workers} starts one for a point; it runs
     * {@link #runPoint}). The shared SFT bases are trained here first, one after another, so no two workers train the
     * same base. Workers watch the sweep's status as a run in this process would, so pause and cancel reach them; a
     * Ctrl-C here ({@code cancel}) stops them, and their points resume on the next {@code sweep run}.
     */
    public SweepStatus runParallel(int slots, PointWorkers workers, SweepListener listener, CancellationToken cancel) {
        if (slots < 1) throw new IllegalArgumentException("parallel runs must be at least 1, got " + slots);
        WorkerPool pool = new WorkerPool(ws, sweepId, workers, listener);
        try {
            return coordinate(listener, cancel, (ctx, next, total) -> {
                if (pool.size() >= slots) return false;
                RunConfig config = Sweeps.pointConfig(ctx.base(), ctx.spec(), sweepName(), next);
                if (ctx.spec().fromRunId() == null && config.sftSteps() > 0
                        && ctx.bases().baseFor(config, listener, cancel) == null) {
                    return false; // the base was stopped part-way (cancel): it resumes next time
                }
                listener.onPointStart(next, total);
                pool.start(next.index());
                return true;
            }, false, () -> {
                pool.reap();
                return pool.size() > 0;
            });
        } finally {
            pool.stopAll();
        }
    }

    /** Trains one point in this process (a worker of {@link #runParallel}, or by hand on a device of its own). */
    public PointStatus runPoint(int index, SweepListener listener, CancellationToken cancel) {
        SweepInfo sweep = Sweeps.require(ws, sweepId);
        if (sweep.status() != SweepStatus.ACTIVE) {
            throw new IllegalStateException("sweep " + sweepId + " is " + sweep.status().name().toLowerCase(Locale.ROOT)
                    + "; nothing to run");
        }
        SweepPointInfo point = ws.sweeps().points(sweepId).stream().filter(p -> p.index() == index).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("sweep " + sweepId + " has no point " + (index + 1)));
        if (point.status().ended()) return point.status();
        SweepSpec spec = SweepSpec.fromJson(sweep.specJson());
        RunConfig base = Sweeps.baseConfig(ws, spec);
        Context ctx = new Context(spec, base, new SharedBases(ws, sweepId, trainer, base));
        listener.onPointStart(point, ws.sweeps().points(sweepId).size());
        if (!trainLocked(ctx, point, listener, cancel)) {
            throw new IllegalStateException("point " + (index + 1) + " of sweep " + sweepId
                    + " is being trained by another process");
        }
        SweepPointInfo after = point(index);
        listener.onPointEnd(after);
        return after.status();
    }

    private record Context(SweepSpec spec, RunConfig base, SharedBases bases) {}

    /** Starts work on the next runnable point: false when it cannot now (all slots busy, or the base was stopped). */
    private interface Dispatch {
        boolean start(Context ctx, SweepPointInfo next, int total);
    }

    /**
     * The loop both ways of running share: the runner lock, the sweep's status checked before each point, points taken
     * in order (an interrupted one first), points a live process elsewhere trains skipped until it ends.
     * {@code busy} says whether work started here is still going (and reaps what ended); {@code oneAtATime}: a dispatch
     * trains the point before it returns.
     */
    private SweepStatus coordinate(SweepListener listener, CancellationToken cancel, Dispatch dispatch,
                                   boolean oneAtATime, BooleanSupplier busy) {
        SweepInfo sweep = Sweeps.require(ws, sweepId);
        if (sweep.status() == SweepStatus.CANCELLED) {
            throw new IllegalStateException("sweep " + sweepId + " was cancelled; nothing to run");
        }
        if (!ws.sweeps().takeRunner(sweepId)) {
            throw new IllegalStateException("sweep " + sweepId + " is being run by another process");
        }
        try {
            ws.sweeps().setStatus(sweepId, SweepStatus.ACTIVE);
            SweepSpec spec = SweepSpec.fromJson(sweep.specJson());
            RunConfig base = Sweeps.baseConfig(ws, spec);
            Context ctx = new Context(spec, base, new SharedBases(ws, sweepId, trainer, base));
            Set<Integer> started = new HashSet<>();
            while (true) {
                boolean working = busy.getAsBoolean();
                SweepStatus status = Sweeps.require(ws, sweepId).status();
                if (status != SweepStatus.ACTIVE || cancel.isCancelled()) return status;
                List<SweepPointInfo> points = ws.sweeps().points(sweepId);
                List<SweepPointInfo> open = points.stream().filter(p -> !p.status().ended()).toList();
                if (open.isEmpty() && !working) {
                    ws.sweeps().setStatus(sweepId, SweepStatus.COMPLETED);
                    return SweepStatus.COMPLETED;
                }
                if (!working) started.clear(); // what was started here has ended: a point still open may go again
                List<SweepPointInfo> runnable = new ArrayList<>(open.stream()
                        .filter(p -> !started.contains(p.index()) && !ws.sweeps().pointBusyElsewhere(sweepId, p.index()))
                        .toList());
                runnable.sort(Comparator.comparing(p -> p.status() != PointStatus.RUNNING));
                boolean dispatched = false;
                for (SweepPointInfo next : runnable) {
                    if (Sweeps.require(ws, sweepId).status() != SweepStatus.ACTIVE || cancel.isCancelled()) break;
                    if (!dispatch.start(ctx, next, points.size())) break;
                    started.add(next.index());
                    dispatched = true;
                    if (oneAtATime) break; // it has ended: read the points again (they may have been added or cancelled)
                }
                if (!dispatched) pause(POLL_MILLIS, cancel);
            }
        } finally {
            ws.sweeps().releaseRunner(sweepId);
        }
    }

    private static void pause(long millis, CancellationToken cancel) {
        long end = System.currentTimeMillis() + millis;
        while (!cancel.isCancelled() && System.currentTimeMillis() < end) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Trains the point holding its lock; false when another process holds it. */
    private boolean trainLocked(Context ctx, SweepPointInfo point, SweepListener listener, CancellationToken cancel) {
        if (!ws.sweeps().takePoint(sweepId, point.index())) return false;
        try {
            train(ctx.spec(), ctx.base(), ctx.bases(), point(point.index()), listener, cancel);
        } finally {
            ws.sweeps().releasePoint(sweepId, point.index());
        }
        return true;
    }

    private void train(SweepSpec spec, RunConfig base, SharedBases bases, SweepPointInfo point, SweepListener listener,
                       CancellationToken userCancel) {
        Stop stop = new Stop(userCancel);
        try {
            RunConfig config = Sweeps.pointConfig(base, spec, sweepName(), point);
            PointWatch watching = new PointWatch(spec, point, listener, stop, config.evalEvery());
            List<RunSummary> summaries;
            Optional<RunInfo> run = point.runId() == null ? Optional.empty() : ws.runs().run(point.runId());
            if (run.isPresent() && run.get().status() == RunStatus.COMPLETED) {
                summaries = List.of();
            } else if (run.isPresent()) {
                summaries = trainer.resume(run.get().id(), watching, stop.token);
            } else {
                Long baseRun = spec.fromRunId() != null ? spec.fromRunId()
                        : config.sftSteps() > 0 ? bases.baseFor(config, listener, stop.token) : null;
                if (baseRun == null && config.sftSteps() > 0) return; // the base was stopped part-way: resume later
                summaries = trainer.train(config, baseRun, watching, stop.token);
            }
            end(spec, point.index(), summaries, stop);
        } catch (RuntimeException e) {
            if (stop.why == null && !userCancel.isCancelled()) {
                ws.sweeps().endPoint(sweepId, point.index(), PointStatus.FAILED, null,
                        e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
        }
    }

    private void end(SweepSpec spec, int index, List<RunSummary> summaries, Stop stop) {
        SweepPointInfo point = point(index);
        if (point.runId() == null) {
            ws.sweeps().endPoint(sweepId, index, PointStatus.FAILED, null, "no KTO run was made (the config asks for 0 steps?)");
            return;
        }
        RunInfo run = ws.runs().run(point.runId()).orElseThrow();
        Double metric = Sweeps.finalMetric(ws, run.id(), spec.metric()).orElse(null);
        switch (run.status()) {
            case COMPLETED -> ws.sweeps().endPoint(sweepId, index, PointStatus.COMPLETED, metric,
                    metric == null ? "metric " + spec.metric() + " was not logged" : null);
            case FAILED -> ws.sweeps().endPoint(sweepId, index, PointStatus.FAILED, metric, run.statusMessage());
            default -> {
                if (stop.why == StopReason.EARLY) {
                    ws.sweeps().endPoint(sweepId, index, PointStatus.STOPPED, stop.metricAtStop, stop.note);
                } else if (stop.why == StopReason.POINT_CANCELLED || stop.why == StopReason.SWEEP_CANCELLED) {
                    ws.sweeps().endPoint(sweepId, index, PointStatus.CANCELLED, metric, "cancelled by the user");
                }
                // paused, or the user stopped this process: the point stays RUNNING and resumes next time
            }
        }
    }

    private SweepPointInfo point(int index) {
        return ws.sweeps().points(sweepId).stream().filter(p -> p.index() == index).findFirst().orElseThrow();
    }

    private String sweepName() {
        return Sweeps.require(ws, sweepId).name();
    }

    private enum StopReason { EARLY, PAUSED, POINT_CANCELLED, SWEEP_CANCELLED }

    /** The token the current run watches: cancelled by the user, a pause or cancel, or the early-stopping rule. */
    private static final class Stop {
        final CancellationToken token = new CancellationToken();
        final CancellationToken user;
        StopReason why;
        String note;
        Double metricAtStop;

        Stop(CancellationToken user) {
            this.user = user;
        }

        void stop(StopReason reason) {
            if (why == null) why = reason;
            token.cancel();
        }
    }

    /** Records the point's run when it is made, and at each step and eval point decides whether it goes on. */
    private final class PointWatch implements RunListener {
        private final SweepSpec spec;
        private final SweepPointInfo point;
        private final SweepListener out;
        private final Stop stop;
        private final int evalEvery;

        PointWatch(SweepSpec spec, SweepPointInfo point, SweepListener out, Stop stop, int evalEvery) {
            this.spec = spec;
            this.point = point;
            this.out = out;
            this.stop = stop;
            this.evalEvery = evalEvery;
        }

        @Override
        public void onEvent(RunEvent event) {
            if (event instanceof RunEvent.Status s && s.phase() == RunEvent.Phase.KTO && s.status() == RunStatus.RUNNING
                    && point.runId() == null) {
                ws.sweeps().startPoint(sweepId, point.index(), s.runId());
            }
            out.onEvent(event);
            if (event instanceof RunEvent.Step) watch();
            if (event instanceof RunEvent.Eval eval && spec.asha()) earlyStop(eval);
        }

        private void watch() {
            if (stop.user.isCancelled()) stop.token.cancel();
            SweepStatus status = Sweeps.require(ws, sweepId).status();
            if (status == SweepStatus.PAUSED) stop.stop(StopReason.PAUSED);
            if (status == SweepStatus.CANCELLED) stop.stop(StopReason.SWEEP_CANCELLED);
            if (point(point.index()).status() == PointStatus.CANCELLED) stop.stop(StopReason.POINT_CANCELLED);
        }

        private void earlyStop(RunEvent.Eval eval) {
            Double value = eval.metrics().get(spec.metric());
            if (value == null || !Asha.isRung(eval.step(), evalEvery)) return;
            List<Double> others = new ArrayList<>();
            for (SweepPointInfo other : ws.sweeps().points(sweepId)) {
                if (other.index() == point.index() || other.runId() == null) continue;
                ws.runs().metrics(other.runId()).stream()
                        .filter(m -> m.step() == eval.step() && m.name().equals(spec.metric()))
                        .map(MetricPoint::value).findFirst().ifPresent(others::add);
            }
            Asha.stop(spec.metric(), eval.step(), value, others, spec.goal()).ifPresent(note -> {
                stop.note = note;
                stop.metricAtStop = value;
                stop.stop(StopReason.EARLY);
            });
        }
    }
}
