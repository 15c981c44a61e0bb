package org.ktoworkbench.model.store;

import org.ktoworkbench.model.data.UserText;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * Training runs and what they record: metrics, samples, checkpoints. Each write is one short
 * transaction, so another process (the GUI watching a CLI run) sees it as soon as it returns.
 * A QUEUED or RUNNING run is owned by the process holding its lock ({@link RunOwners}); checkpoint paths inside the
 * workspace are stored relative to it, so a moved or copied workspace finds its own files.
 */
public final class RunStore {
    private static final Set<String> KINDS = Set.of("sft", "kto");
    private static final String RUN_COLUMNS = "id, name, kind, dataset_name, config_json, parent_run_id, status,"
            + " status_message, created_at, updated_at, notes, summary_json, owner_pid";

    private final Database db;
    private final Path workspaceDir;
    private final RunOwners owners;

    RunStore(Database db, Path workspaceDir) {
        this.db = db;
        this.workspaceDir = workspaceDir;
        this.owners = new RunOwners(workspaceDir);
    }

    /**
     * A new run in status QUEUED, owned by this process from its creation: the run's owner lock is taken in the same
     * transaction, so if this process ends before the run starts, the run reads INTERRUPTED and holds its dataset no
     * longer. This is the only kind of run there is yet; runs queued for a later process (sweeps) will need rows that
     * say so, since an unowned QUEUED row reads as one whose process is gone.
     */
    public long createRun(String name, String kind, String datasetName, String configJson, Long parentRunId) {
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown run kind '" + UserText.clip(kind) + "' (expected sft or kto)");
        }
        long[] owned = {-1};
        try {
            return db.write(c -> {
                long runId = insertQueued(c, name, kind, datasetName, configJson, parentRunId);
                if (!owners.take(runId)) throw new StoreException("run " + runId + " cannot be created: the owner lock "
                        + RunFolders.ownerLock(workspaceDir, runId) + " is held already");
                owned[0] = runId;
                return runId;
            });
        } catch (RuntimeException e) {
            if (owned[0] >= 0) owners.release(owned[0]); // the row was rolled back
            throw e;
        }
    }

    private static long insertQueued(Connection c, String name, String kind, String datasetName, String configJson,
                                     Long parentRunId) throws SQLException {
        String now = Instant.now().toString();
        try (PreparedStatement s = c.prepareStatement("INSERT INTO runs (name, kind, dataset_name, config_json,"
                + " parent_run_id, status, created_at, updated_at, owner_pid) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
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
            s.setLong(9, ProcessHandle.current().pid());
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
    }

    /**
     * RUNNING starts the run in this process: a QUEUED run this process created (and so owns) is promoted, any other
     * takes the run's owner lock; refused with {@link RunTrainingException} while a live process, this one included,
     * trains the run or is about to. Any other status releases the lock: if the process dies, readers see the run as
     * INTERRUPTED.
     */
    public void setStatus(long runId, RunStatus status, String message) {
        if (status != RunStatus.RUNNING) {
            try {
                update(runId, "status = ?, status_message = ?, owner_pid = ?", status.name(), message, null);
            } finally {
                owners.release(runId);
            }
            return;
        }
        if (run(runId).isEmpty()) throw new StoreException("no run with id " + runId);
        String pid = Long.toString(ProcessHandle.current().pid());
        if (owners.ownedHere(runId)) {
            // only the QUEUED run this process created; one it trains already cannot be started twice
            if (updateWhere(runId, "status = '" + RunStatus.QUEUED.name() + "'",
                    "status = ?, status_message = ?, owner_pid = ?", status.name(), message, pid) == 0) {
                throw training(runId);
            }
            return;
        }
        if (!owners.take(runId)) throw training(runId);
        try {
            update(runId, "status = ?, status_message = ?, owner_pid = ?", status.name(), message, pid);
        } catch (RuntimeException e) {
            owners.release(runId);
            throw e;
        }
    }

    /** Throws {@link RunTrainingException} while a live process trains the run or is about to start it. */
    public void requireNotTraining(long runId) {
        run(runId).filter(r -> r.status() == RunStatus.RUNNING || r.status() == RunStatus.QUEUED).ifPresent(r -> {
            throw training(runId);
        });
    }

    /**
     * For a user who knows better ({@code --force}): lets this process take over a run that reads RUNNING because its
     * owner is hung or its lock is stale. Refused while this process itself trains the run.
     */
    public void forgetOwner(long runId) {
        if (owners.ownedHere(runId)) throw training(runId);
        owners.forget(runId);
    }

    public void setNotes(long runId, String notes) {
        update(runId, "notes = ?", notes == null ? "" : notes);
    }

    public void setSummary(long runId, String summaryJson) {
        update(runId, "summary_json = ?", summaryJson);
    }

    /** What the trainer recorded of the data the run started on (see {@code train.SplitFingerprint}); empty before that. */
    public Optional<String> splitFingerprint(long runId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT split_fingerprint FROM runs WHERE id = ?")) {
                s.setLong(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) throw new StoreException("no run with id " + runId);
                    return Optional.ofNullable(r.getString(1));
                }
            }
        });
    }

    public void setSplitFingerprint(long runId, String fingerprintJson) {
        update(runId, "split_fingerprint = ?", fingerprintJson);
    }

    /** The model folder the trainer recorded for the run (see {@code train.ModelFingerprint}); empty for none. */
    public Optional<String> modelSource(long runId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT model_source FROM runs WHERE id = ?")) {
                s.setLong(1, runId);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) throw new StoreException("no run with id " + runId);
                    return Optional.ofNullable(r.getString(1));
                }
            }
        });
    }

    public void setModelSource(long runId, String sourceJson) {
        update(runId, "model_source = ?", sourceJson);
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
                    + " reference_text, policy_text, verdict, judge_answer) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (SampleRecord sample : samples) {
                    s.setLong(1, runId);
                    s.setLong(2, step);
                    s.setLong(3, next++);
                    s.setString(4, sample.prompt());
                    s.setString(5, sample.referenceText());
                    s.setString(6, sample.policyText());
                    s.setString(7, sample.verdict());
                    s.setString(8, sample.judgeAnswer());
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
            try (PreparedStatement s = c.prepareStatement("SELECT prompt, reference_text, policy_text, verdict, judge_answer"
                    + " FROM samples WHERE run_id = ? AND step = ? ORDER BY idx")) {
                s.setLong(1, runId);
                s.setLong(2, step);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        samples.add(new SampleRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                                r.getString(5)));
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

    public void addCheckpoint(long runId, long step, Path path) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO checkpoints (run_id, step, path, created_at) VALUES (?, ?, ?, ?)")) {
                s.setLong(1, runId);
                s.setLong(2, step);
                s.setString(3, stored(path));
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
                        all.add(new CheckpointInfo(r.getLong(1), r.getLong(2), workspaceDir.resolve(r.getString(3)),
                                Instant.parse(r.getString(4))));
                    }
                }
            }
            return all;
        });
    }

    /** Forgets the checkpoints at these steps (their folders were pruned). */
    public void deleteCheckpoints(long runId, Collection<Long> steps) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM checkpoints WHERE run_id = ? AND step = ?")) {
                for (long step : steps) {
                    s.setLong(1, runId);
                    s.setLong(2, step);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return null;
        });
    }

    /**
     * Removes what a process that died mid-write left of a run's checkpoints ({@link LeftoverCheckpoints}). Call only
     * while no live process trains the run: as its owner, as a resumed run does.
     */
    public void tidyCheckpoints(long runId) {
        new LeftoverCheckpoints(this, workspaceDir).remove(runId);
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

    public RunInfo deleteRun(long runId) {
        return deleteRun(runId, false);
    }

    /**
     * Deletes a run with its metrics, samples and checkpoint records, in one transaction. Refused while the run trains
     * in a live process ({@link RunTrainingException}; {@code force} overrides that for another process, for a user who
     * knows it is not training) and while another run starts from it (delete those first). The run's files are the
     * caller's.
     */
    public RunInfo deleteRun(long runId, boolean force) {
        RunInfo deleted = db.write(c -> {
            RunInfo run = find(c, runId).orElseThrow(() -> new StoreException("no run with id " + runId));
            boolean trainsHere = owners.ownedHere(runId);
            if (run.status() == RunStatus.RUNNING && (!force || trainsHere)) {
                throw new RunTrainingException(runId, run.status(), run.ownerPid(), trainsHere);
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
        owners.release(runId); // a QUEUED run this process created: its id may be given to the next run
        return deleted;
    }

    public Optional<RunInfo> run(long runId) {
        return db.read(c -> find(c, runId));
    }

    private Optional<RunInfo> find(Connection c, long runId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + RUN_COLUMNS + " FROM runs WHERE id = ?")) {
            s.setLong(1, runId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(runInfo(r)) : Optional.empty();
            }
        }
    }

    private void update(long runId, String assignments, String... values) {
        if (updateWhere(runId, "1", assignments, values) == 0) throw new StoreException("no run with id " + runId);
    }

    /** Updates the run if {@code condition} holds for its row; returns how many rows changed (0 or 1). */
    private int updateWhere(long runId, String condition, String assignments, String... values) {
        return db.write(c -> {
            try (PreparedStatement s = c.prepareStatement(
                    "UPDATE runs SET " + assignments + ", updated_at = ? WHERE id = ? AND " + condition)) {
                int i = 1;
                for (String v : values) {
                    s.setString(i++, v);
                }
                s.setString(i++, Instant.now().toString());
                s.setLong(i, runId);
                return s.executeUpdate();
            }
        });
    }

    private RunTrainingException training(long runId) {
        Optional<RunInfo> run = run(runId);
        return new RunTrainingException(runId, run.map(RunInfo::status).orElse(RunStatus.RUNNING),
                run.map(RunInfo::ownerPid).orElse(null), owners.ownedHere(runId));
    }

    /** Inside the workspace: relative to it, with '/' between names, so the path still holds after a move or copy. */
    private String stored(Path path) {
        Path file = path.toAbsolutePath().normalize();
        Path base = workspaceDir.toAbsolutePath().normalize();
        if (!file.startsWith(base) || file.equals(base)) return file.toString();
        return StreamSupport.stream(base.relativize(file).spliterator(), false).map(Path::toString)
                .collect(Collectors.joining("/"));
    }

    private static RuntimeException missingRunOr(long runId, SQLException e) {
        if (e.getMessage() != null && e.getMessage().contains("FOREIGN KEY")) {
            return new StoreException("no run with id " + runId);
        }
        return new StoreException("database error: " + e.getMessage(), e);
    }

    private RunInfo runInfo(ResultSet r) throws SQLException {
        long id = r.getLong(1);
        long parent = r.getLong(6);
        Long parentRunId = r.wasNull() ? null : parent;
        RunStatus status = RunStatus.valueOf(r.getString(7));
        String message = r.getString(8);
        long pid = r.getLong(13);
        boolean owned = status == RunStatus.RUNNING || status == RunStatus.QUEUED;
        Long owner = r.wasNull() || !owned ? null : pid;
        if (owned && !owners.alive(id, owner)) {
            message = "its process" + (owner == null ? "" : " (pid " + owner + ")") + (status == RunStatus.RUNNING
                    ? " ended before the run finished; resume it from its last checkpoint"
                    : " ended before the run started; resume or delete it");
            status = RunStatus.INTERRUPTED;
            owner = null;
        }
        return new RunInfo(id, r.getString(2), r.getString(3), r.getString(4), r.getString(5), parentRunId,
                status, message, Instant.parse(r.getString(9)),
                Instant.parse(r.getString(10)), r.getString(11), r.getString(12), owner);
    }
}
