package org.ktoworkbench.model.store;

import org.ktoworkbench.model.data.UserText;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Training runs and what they record: metrics, samples, checkpoints. Each write is one short
 * transaction, so another process (the GUI watching a CLI run) sees it as soon as it returns.
 */
public final class RunStore {
    private static final Set<String> KINDS = Set.of("sft", "kto");
    private static final String RUN_COLUMNS = "id, name, kind, dataset_name, config_json, parent_run_id, status,"
            + " status_message, created_at, updated_at, notes, summary_json, owner_pid";

    private final Database db;

    RunStore(Database db) {
        this.db = db;
    }

    /** A new run in status QUEUED. */
    public long createRun(String name, String kind, String datasetName, String configJson, Long parentRunId) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown run kind '" + UserText.clip(kind) + "' (expected sft or kto)");
        }
        return db.write(c -> {
            String now = Instant.now().toString();
            try (PreparedStatement s = c.prepareStatement("INSERT INTO runs (name, kind, dataset_name, config_json,"
                    + " parent_run_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                s.setString(1, name);
                s.setString(2, kind);
                s.setString(3, datasetName);
                s.setString(4, configJson);
                if (parentRunId == null) {
                    s.setNull(5, Types.INTEGER);
                } else {
                    s.setLong(5, parentRunId);
                }
                s.setString(6, RunStatus.QUEUED.name());
                s.setString(7, now);
                s.setString(8, now);
                s.executeUpdate();
            } catch (SQLException e) {
                if (parentRunId != null && e.getMessage().contains("FOREIGN KEY")) {
                    throw new StoreException("no run with id " + parentRunId + " to use as parent");
                }
                throw e;
            }
            try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT last_insert_rowid()")) {
                return r.getLong(1);
            }
        });
    }

    /** A RUNNING run is owned by this process: if the process dies, readers see the run as INTERRUPTED. */
    public void setStatus(long runId, RunStatus status, String message) {
        String owner = status == RunStatus.RUNNING ? Long.toString(ProcessHandle.current().pid()) : null;
        update(runId, "status = ?, status_message = ?, owner_pid = ?", status.name(), message, owner);
    }

    public void setNotes(long runId, String notes) {
        update(runId, "notes = ?", notes == null ? "" : notes);
    }

    public void setSummary(long runId, String summaryJson) {
        update(runId, "summary_json = ?", summaryJson);
    }

    /** Records values for one step in one transaction; a value logged again for the same step and name replaces the old one. */
    public void appendMetrics(long runId, long step, Map<String, Double> values) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT OR REPLACE INTO metrics (run_id, step, name, value) VALUES (?, ?, ?, ?)")) {
                for (Map.Entry<String, Double> v : values.entrySet()) {
                    s.setLong(1, runId);
                    s.setLong(2, step);
                    s.setString(3, v.getKey());
                    s.setDouble(4, v.getValue());
                    s.addBatch();
                }
                s.executeBatch();
            } catch (SQLException e) {
                throw missingRunOr(runId, e);
            }
            return null;
        });
    }

    /**
     * Deletes the metrics and samples recorded after {@code step}: a run resumed from its checkpoint at that step
     * records those steps again, and samples (unlike metrics) would otherwise be appended twice.
     */
    public void discardAfter(long runId, long step) {
        db.write(c -> {
            for (String table : List.of("metrics", "samples")) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ? AND step > ?")) {
                    s.setLong(1, runId);
                    s.setLong(2, step);
                    s.executeUpdate();
                }
            }
            return null;
        });
    }

    /** All points, ordered by step then name. */
    public List<MetricPoint> metrics(long runId) {
        return metricsAfter(runId, Long.MIN_VALUE);
    }

    /** Points with step greater than {@code afterStep}: lets a viewer poll only what is new. */
    public List<MetricPoint> metricsAfter(long runId, long afterStep) {
        return db.read(c -> {
            List<MetricPoint> points = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT step, name, value FROM metrics"
                    + " WHERE run_id = ? AND step > ? ORDER BY step, name")) {
                s.setLong(1, runId);
                s.setLong(2, afterStep);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        points.add(new MetricPoint(r.getLong(1), r.getString(2), r.getDouble(3)));
                    }
                }
            }
            return points;
        });
    }

    /** Appends samples for a step, after any already stored for it. */
    public void addSamples(long runId, long step, List<SampleRecord> samples) {
        db.write(c -> {
            long next;
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT coalesce(max(idx) + 1, 0) FROM samples WHERE run_id = ? AND step = ?")) {
                s.setLong(1, runId);
                s.setLong(2, step);
                try (ResultSet r = s.executeQuery()) {
                    next = r.getLong(1);
                }
            }
            try (PreparedStatement s = c.prepareStatement("INSERT INTO samples (run_id, step, idx, prompt,"
                    + " reference_text, policy_text, verdict) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (SampleRecord sample : samples) {
                    s.setLong(1, runId);
                    s.setLong(2, step);
                    s.setLong(3, next++);
                    s.setString(4, sample.prompt());
                    s.setString(5, sample.referenceText());
                    s.setString(6, sample.policyText());
                    s.setString(7, sample.verdict());
                    s.addBatch();
                }
                s.executeBatch();
            } catch (SQLException e) {
                throw missingRunOr(runId, e);
            }
            return null;
        });
    }

    public List<SampleRecord> samples(long runId, long step) {
        return db.read(c -> {
            List<SampleRecord> samples = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT prompt, reference_text, policy_text, verdict"
                    + " FROM samples WHERE run_id = ? AND step = ? ORDER BY idx")) {
                s.setLong(1, runId);
                s.setLong(2, step);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        samples.add(new SampleRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4)));
                    }
                }
            }
            return samples;
        });
    }

    /** Steps at which samples were recorded, ascending. */
    public List<Long> sampleSteps(long runId) {
        return db.read(c -> {
            List<Long> steps = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                    "SELECT DISTINCT step FROM samples WHERE run_id = ? ORDER BY step")) {
                s.setLong(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        steps.add(r.getLong(1));
                    }
                }
            }
            return steps;
        });
    }

    public void addCheckpoint(long runId, long step, String path) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO checkpoints (run_id, step, path, created_at) VALUES (?, ?, ?, ?)")) {
                s.setLong(1, runId);
                s.setLong(2, step);
                s.setString(3, path);
                s.setString(4, Instant.now().toString());
                s.executeUpdate();
            } catch (SQLException e) {
                throw missingRunOr(runId, e);
            }
            return null;
        });
    }

    /** The checkpoint with the highest step (the most recently added among equals). */
    public Optional<CheckpointInfo> latestCheckpoint(long runId) {
        List<CheckpointInfo> all = checkpoints(runId);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** All checkpoints of a run, by step then insertion order. */
    public List<CheckpointInfo> checkpoints(long runId) {
        return db.read(c -> {
            List<CheckpointInfo> all = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT run_id, step, path, created_at FROM checkpoints"
                    + " WHERE run_id = ? ORDER BY step, id")) {
                s.setLong(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        all.add(new CheckpointInfo(r.getLong(1), r.getLong(2), r.getString(3),
                                Instant.parse(r.getString(4))));
                    }
                }
            }
            return all;
        });
    }

    /** Newest first. */
    public List<RunInfo> listRuns() {
        return db.read(c -> {
            List<RunInfo> runs = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT " + RUN_COLUMNS + " FROM runs ORDER BY id DESC")) {
                while (r.next()) {
                    runs.add(runInfo(r));
                }
            }
            return runs;
        });
    }

    /**
     * Deletes a run with its metrics, samples and checkpoint records, in one transaction. Refused while the run trains
     * (in a live process) and while another run starts from it (delete those first). The run's files are the caller's.
     */
    public RunInfo deleteRun(long runId) {
        return db.write(c -> {
            RunInfo run = find(c, runId).orElseThrow(() -> new StoreException("no run with id " + runId));
            if (run.status() == RunStatus.RUNNING) {
                throw new StoreException("run " + runId + " is training; cancel it before deleting it");
            }
            List<Long> children = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id FROM runs WHERE parent_run_id = ? ORDER BY id")) {
                s.setLong(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) children.add(r.getLong(1));
                }
            }
            if (!children.isEmpty()) {
                String ids = children.stream().map(String::valueOf).collect(Collectors.joining(", "));
                throw new StoreException("run " + runId + " is the base of run " + ids + "; delete "
                        + (children.size() == 1 ? "that run" : "those runs") + " first");
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM runs WHERE id = ?")) {
                s.setLong(1, runId);
                s.executeUpdate();
            }
            return run;
        });
    }

    public Optional<RunInfo> run(long runId) {
        return db.read(c -> find(c, runId));
    }

    private static Optional<RunInfo> find(Connection c, long runId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?")) {
            s.setLong(1, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(runInfo(r)) : Optional.empty();
            }
        }
    }

    private void update(long runId, String assignments, String... values) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE runs SET " + assignments + ", updated_at = ? WHERE id = ?")) {
                int i = 1;
                for (String v : values) {
                    s.setString(i++, v);
                }
                s.setString(i++, Instant.now().toString());
                s.setLong(i, runId);
                if (s.executeUpdate() == 0) {
                    throw new StoreException("no run with id " + runId);
                }
            }
            return null;
        });
    }

    private static RuntimeException missingRunOr(long runId, SQLException e) {
        if (e.getMessage() != null && e.getMessage().contains("FOREIGN KEY")) {
            return new StoreException("no run with id " + runId);
        }
        return new StoreException("database error: " + e.getMessage(), e);
    }

    private static RunInfo runInfo(ResultSet r) throws SQLException {
        long parent = r.getLong(6);
        Long parentRunId = r.wasNull() ? null : parent;
        RunStatus status = RunStatus.valueOf(r.getString(7));
        String message = r.getString(8);
        long owner = r.getLong(13);
        if (status == RunStatus.RUNNING && !r.wasNull() && !ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
            status = RunStatus.INTERRUPTED;
            message = "its process (pid " + owner + ") ended before the run finished; resume it from its last checkpoint";
        }
        return new RunInfo(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5), parentRunId,
                status, message, Instant.parse(r.getString(9)),
                Instant.parse(r.getString(10)), r.getString(11), r.getString(12));
    }
}
