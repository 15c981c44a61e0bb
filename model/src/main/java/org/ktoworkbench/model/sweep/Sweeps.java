package org.ktoworkbench.model.sweep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.PointStatus;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.SweepInfo;
import org.ktoworkbench.model.store.SweepPointInfo;
import org.ktoworkbench.model.store.SweepStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;
import org.ktoworkbench.model.train.Trainer;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Creating, growing, pausing and cancelling sweeps, the same way for the CLI and the GUI. */
public final class Sweeps {
    private Sweeps() {}

    /**
     * Checks the whole definition (the base, every point's config, the memory of each, the metric and goal) and only
     * then stores the sweep with its points; returns its id.
     */
    public static long create(Workspace ws, SweepSpec spec) {
        RunConfig base = baseConfig(ws, spec);
        List<ObjectNode> points = SweepSpace.points(spec, base, 0);
        validate(ws, spec, base, points);
        return ws.sweeps().create(spec.name(), spec.toJson(), points.stream().map(ObjectNode::toString).toList());
    }

    /** As {@link #create}, with the points given one by one (an experiment's arms) instead of a space. */
    public static long createWithPoints(Workspace ws, SweepSpec spec, List<ObjectNode> points) {
        RunConfig base = baseConfig(ws, spec);
        validate(ws, spec, base, points);
        return ws.sweeps().create(spec.name(), spec.toJson(), points.stream().map(ObjectNode::toString).toList());
    }

    /**
     * Adds the points of {@code more} (grid, draws, seeds over the sweep's base) that the sweep does not have yet, while
     * it runs or after; returns how many were added.
     */
    public static int add(Workspace ws, long sweepId, SweepSpec more) {
        SweepInfo sweep = require(ws, sweepId);
        if (sweep.status() == SweepStatus.CANCELLED) throw new IllegalStateException("sweep " + sweepId + " was cancelled");
        SweepSpec spec = SweepSpec.fromJson(sweep.specJson());
        RunConfig base = baseConfig(ws, spec);
        List<SweepPointInfo> existing = ws.sweeps().points(sweepId);
        Set<String> have = new HashSet<>();
        for (SweepPointInfo p : existing) have.add(p.paramsJson());
        List<ObjectNode> fresh = SweepSpace.points(more, base, existing.size()).stream()
                .filter(p -> !have.contains(p.toString())).toList();
        validate(ws, spec, base, fresh);
        if (!fresh.isEmpty()) ws.sweeps().addPoints(sweepId, fresh.stream().map(ObjectNode::toString).toList());
        return fresh.size();
    }

    private static void validate(Workspace ws, SweepSpec spec, RunConfig base, List<ObjectNode> points) {
        if (spec.metric() == null || spec.metric().isBlank()) throw new IllegalArgumentException("--metric must name a metric");
        if (!List.of("none", "asha").contains(spec.earlyStop())) {
            throw new IllegalArgumentException("--early-stop must be asha (or none), got '" + spec.earlyStop() + "'");
        }
        if (spec.asha() && base.evalEvery() <= 0) {
            throw new IllegalArgumentException("--early-stop asha decides at eval points: the config has evalEvery 0");
        }
        Trainer trainer = new Trainer(ws);
        for (ObjectNode point : points) {
            RunConfig config = SweepSpace.config(base, point);
            if (ws.datasets().find(config.dataset()).isEmpty()) {
                throw new IllegalArgumentException("sweep point " + point + ": no dataset '" + config.dataset()
                        + "' in the workspace (import it first)");
            }
            trainer.validate(config, spec.fromRunId());
        }
    }

    public static SweepInfo require(Workspace ws, long sweepId) {
        return ws.sweeps().find(sweepId).orElseThrow(() -> new IllegalArgumentException("no sweep " + sweepId
                + " in this workspace (list them with: kto-workbench sweep list)"));
    }

    /**
     * The run config every point starts from: the sweep's, else that of the run it starts from; a sweep from a run
     * trains no SFT of its own.
     */
    /** The completed run every point starts from; null when the sweep trains its own SFT bases. */
    public static Long fromRunOf(Workspace ws, long sweepId) {
        return SweepSpec.fromJson(require(ws, sweepId).specJson()).fromRunId();
    }

    public static RunConfig baseConfigOf(Workspace ws, long sweepId) {
        return baseConfig(ws, SweepSpec.fromJson(require(ws, sweepId).specJson()));
    }

    static RunConfig baseConfig(Workspace ws, SweepSpec spec) {
        if (spec.fromRunId() == null) return RunConfigJson.fromJson(spec.baseConfigJson());
        RunInfo run = ws.runs().run(spec.fromRunId())
                .orElseThrow(() -> new IllegalArgumentException("no run " + spec.fromRunId() + " to start from"));
        RunConfig config = RunConfigJson.fromJson(spec.baseConfigJson() != null ? spec.baseConfigJson() : run.configJson());
        return RunConfigJson.withOverrides(config, Map.of("sftSteps", 0));
    }

    static RunConfig pointConfig(RunConfig base, SweepSpec spec, String sweepName, SweepPointInfo point) {
        try {
            ObjectNode params = (ObjectNode) SweepSpec.JSON.readTree(point.paramsJson());
            RunConfig config = SweepSpace.config(base, params);
            String label = params.hasNonNull("name") ? " " + params.get("name").asText() : "";
            return RunConfigJson.withOverrides(config, Map.of("name", sweepName + " #" + (point.index() + 1) + label));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt sweep point in the workspace: " + e.getOriginalMessage(), e);
        }
    }

    /** The metric at the run's last eval point (a training metric at its last step when it is not an eval one). */
    public static Optional<Double> finalMetric(Workspace ws, long runId, String metric) {
        List<MetricPoint> points = ws.runs().metrics(runId);
        return points.stream().filter(p -> p.name().equals(metric)).reduce((a, b) -> b.step() >= a.step() ? b : a)
                .map(MetricPoint::value);
    }

    /** A pause takes effect at the running run's next step: it stops resumably, and {@code sweep run} goes on. */
    public static void pause(Workspace ws, long sweepId) {
        SweepInfo sweep = require(ws, sweepId);
        if (sweep.status() != SweepStatus.ACTIVE) {
            throw new IllegalStateException("sweep " + sweepId + " is " + sweep.status().name().toLowerCase() + "; only an active sweep pauses");
        }
        ws.sweeps().setStatus(sweepId, SweepStatus.PAUSED);
    }

    /** Cancels the whole sweep (its running run stops at its next step), or one point of it. */
    public static void cancel(Workspace ws, long sweepId, Integer pointNumber) {
        SweepInfo sweep = require(ws, sweepId);
        if (pointNumber == null) {
            ws.sweeps().setStatus(sweepId, SweepStatus.CANCELLED);
            for (SweepPointInfo p : ws.sweeps().points(sweepId)) {
                if (p.status() == PointStatus.PENDING) {
                    ws.sweeps().endPoint(sweepId, p.index(), PointStatus.CANCELLED, null, "the sweep was cancelled");
                }
            }
            return;
        }
        SweepPointInfo point = ws.sweeps().points(sweepId).stream().filter(p -> p.index() == pointNumber - 1).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("sweep " + sweepId + " has no point " + pointNumber));
        if (point.status().ended()) {
            throw new IllegalStateException("point " + pointNumber + " of sweep " + sweepId + " already ended ("
                    + point.status().name().toLowerCase() + ")");
        }
        // a process running the sweep sees this at its run's next step and stops the run
        ws.sweeps().endPoint(sweepId, point.index(), PointStatus.CANCELLED, null, "cancelled by the user");
    }
}
