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
import java.util.List;
import java.util.Optional;

/**
 * Trains a sweep's points one after another (on CPU two trainings at once are slower than one after the other), each a
 * KTO run from a shared base: the sweep's {@code fromRunId}, or one SFT run per distinct set of SFT settings
 * ({@link SharedBases}). Everything it does is recorded as it happens, so after a kill {@code sweep run} resumes the
 * interrupted run from its checkpoint and goes on. Between and during runs (at every step) it reads the sweep's status:
 * a pause stops the current run resumably, a cancel ends it, and a point cancelled on its own ends alone.
 */
public final class SweepRunner {
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
            SharedBases bases = new SharedBases(ws, sweepId, trainer, base);
            while (true) {
                SweepStatus status = Sweeps.require(ws, sweepId).status();
                if (status != SweepStatus.ACTIVE || cancel.isCancelled()) return status;
                List<SweepPointInfo> points = ws.sweeps().points(sweepId);
                Optional<SweepPointInfo> next = points.stream().filter(p -> p.status() == PointStatus.RUNNING).findFirst()
                        .or(() -> points.stream().filter(p -> p.status() == PointStatus.PENDING).findFirst());
                if (next.isEmpty()) {
                    ws.sweeps().setStatus(sweepId, SweepStatus.COMPLETED);
                    return SweepStatus.COMPLETED;
                }
                listener.onPointStart(next.get(), points.size());
                train(spec, base, bases, next.get(), listener, cancel);
                listener.onPointEnd(point(next.get().index()));
            }
        } finally {
            ws.sweeps().releaseRunner(sweepId);
        }
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
