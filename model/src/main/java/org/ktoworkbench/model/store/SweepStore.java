package org.ktoworkbench.model.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sweeps and their points. Each change is one short transaction, so a {@code sweep pause} from another process (or
 * the GUI) is seen by the process that runs the sweep at its next check. One process at a time runs a sweep: it holds
 * the sweep's runner lock ({@code sweeps/<id>/runner.lock}, see {@link OwnerLock}) while it does.
 */
public final class SweepStore {
    private final Database db;
    private final Path workspaceDir;

    SweepStore(Database db, Path workspaceDir) {
        this.db = db;
        this.workspaceDir = workspaceDir;
    }

    /** A new ACTIVE sweep with its points, PENDING, in the order given. */
    public long create(String name, String specJson, List<String> pointParams) {
        return db.write(c -> {
            String now = Instant.now().toString();
            long id;
            try (PreparedStatement s = c.prepareStatement("INSERT INTO sweeps (name, spec_json, status, created_at,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?)")) {
                s.setString(1, name);
                s.setString(2, specJson);
                s.setString(3, SweepStatus.ACTIVE.name());
                s.setString(4, now);
                s.setString(5, now);
                s.executeUpdate();
            }
            try (java.sql.Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT last_insert_rowid()")) {
                r.next();
                id = r.getLong(1);
            }
            insertPoints(c, id, 0, pointParams);
            return id;
        });
    }

    /** Appends points to a sweep (it becomes ACTIVE again if it had completed); returns their first index. */
    public int addPoints(long sweepId, List<String> pointParams) {
        return db.write(c -> {
            int first;
            try (PreparedStatement s = c.prepareStatement("SELECT coalesce(max(idx) + 1, 0) FROM sweep_points WHERE sweep_id = ?")) {
                s.setLong(1, sweepId);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    first = r.getInt(1);
                }
            }
            insertPoints(c, sweepId, first, pointParams);
            try (PreparedStatement s = c.prepareStatement("UPDATE sweeps SET status = ?, updated_at = ? WHERE id = ?"
                    + " AND status = ?")) {
                s.setString(1, SweepStatus.ACTIVE.name());
                s.setString(2, Instant.now().toString());
                s.setLong(3, sweepId);
                s.setString(4, SweepStatus.COMPLETED.name());
                s.executeUpdate();
            }
            return first;
        });
    }

    private static void insertPoints(Connection c, long sweepId, int first, List<String> pointParams) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO sweep_points (sweep_id, idx, params_json, status)"
                + " VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < pointParams.size(); i++) {
                s.setLong(1, sweepId);
                s.setInt(2, first + i);
                s.setString(3, pointParams.get(i));
                s.setString(4, PointStatus.PENDING.name());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public Optional<SweepInfo> find(long sweepId) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT id, name, spec_json, status, created_at, updated_at"
                    + " FROM sweeps WHERE id = ?")) {
                s.setLong(1, sweepId);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(sweep(r)) : Optional.empty();
                }
            }
        });
    }

    public List<SweepInfo> list() {
        return db.read(c -> {
            List<SweepInfo> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT id, name, spec_json, status, created_at, updated_at"
                    + " FROM sweeps ORDER BY id"); ResultSet r = s.executeQuery()) {
                while (r.next()) out.add(sweep(r));
            }
            return out;
        });
    }

    private static SweepInfo sweep(ResultSet r) throws SQLException {
        return new SweepInfo(r.getLong(1), r.getString(2), r.getString(3), SweepStatus.valueOf(r.getString(4)),
                Instant.parse(r.getString(5)), Instant.parse(r.getString(6)));
    }

    public List<SweepPointInfo> points(long sweepId) {
        return db.read(c -> {
            List<SweepPointInfo> out = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT idx, params_json, status, run_id, metric, note"
                    + " FROM sweep_points WHERE sweep_id = ? ORDER BY idx")) {
                s.setLong(1, sweepId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        long run = r.getLong(4);
                        Long runId = r.wasNull() ? null : run;
                        double metric = r.getDouble(5);
                        Double value = r.wasNull() ? null : metric;
                        out.add(new SweepPointInfo(sweepId, r.getInt(1), r.getString(2),
                                PointStatus.valueOf(r.getString(3)), runId, value, r.getString(6)));
                    }
                }
            }
            return out;
        });
    }

    public void setStatus(long sweepId, SweepStatus status) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE sweeps SET status = ?, updated_at = ? WHERE id = ?")) {
                s.setString(1, status.name());
                s.setString(2, Instant.now().toString());
                s.setLong(3, sweepId);
                if (s.executeUpdate() == 0) throw new StoreException("no sweep with id " + sweepId);
            }
            return null;
        });
    }

    /** The point's run has been made: RUNNING from now on. */
    public void startPoint(long sweepId, int index, long runId) {
        updatePoint(sweepId, index, PointStatus.RUNNING, runId, null, null);
    }

    /** The point ended ({@code status} must be an ended one) with the metric (null: none) and a note (null: none). */
    public void endPoint(long sweepId, int index, PointStatus status, Double metric, String note) {
        if (!status.ended()) throw new IllegalArgumentException(status + " is not an end");
        updatePoint(sweepId, index, status, null, metric, note);
    }

    private void updatePoint(long sweepId, int index, PointStatus status, Long runId, Double metric, String note) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE sweep_points SET status = ?, run_id = coalesce(?, run_id),"
                    + " metric = ?, note = ? WHERE sweep_id = ? AND idx = ?")) {
                s.setString(1, status.name());
                if (runId == null) s.setNull(2, Types.INTEGER); else s.setLong(2, runId);
                if (metric == null) s.setNull(3, Types.REAL); else s.setDouble(3, metric);
                s.setString(4, note);
                s.setLong(5, sweepId);
                s.setInt(6, index);
                if (s.executeUpdate() == 0) throw new StoreException("sweep " + sweepId + " has no point " + index);
            }
            return null;
        });
    }

    /** The SFT run shared by the sweep's points whose SFT settings have {@code sftKey}; empty before it is made. */
    public Optional<Long> base(long sweepId, String sftKey) {
        return db.read(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT run_id FROM sweep_bases WHERE sweep_id = ? AND sft_key = ?")) {
                s.setLong(1, sweepId);
                s.setString(2, sftKey);
                try (ResultSet r = s.executeQuery()) {
                    return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
                }
            }
        });
    }

    public void setBase(long sweepId, String sftKey, long runId) {
        db.write(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO sweep_bases (sweep_id, sft_key, run_id)"
                    + " VALUES (?, ?, ?)")) {
                s.setLong(1, sweepId);
                s.setString(2, sftKey);
                s.setLong(3, runId);
                s.executeUpdate();
            }
            return null;
        });
    }

    /** Takes the sweep's runner lock for this process; false when another process runs the sweep. */
    public boolean takeRunner(long sweepId) {
        try {
            return OwnerLock.acquire(runnerLock(sweepId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + runnerLock(sweepId) + ": " + e.getMessage(), e);
        }
    }

    public void releaseRunner(long sweepId) {
        OwnerLock.release(runnerLock(sweepId));
    }

    /**
     * Takes the lock of one point for this process, held while it trains the point: false when another process (a
     * worker of a parallel sweep, perhaps one left running by a killed coordinator) holds it.
     */
    public boolean takePoint(long sweepId, int index) {
        try {
            return OwnerLock.tryAcquire(pointLock(sweepId, index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + pointLock(sweepId, index) + ": " + e.getMessage(), e);
        }
    }

    public void releasePoint(long sweepId, int index) {
        OwnerLock.release(pointLock(sweepId, index));
    }

    /** Whether a live process other than this one is training the point. */
    public boolean pointBusyElsewhere(long sweepId, int index) {
        Path lock = pointLock(sweepId, index);
        return !OwnerLock.heldHere(lock) && OwnerLock.state(lock) == OwnerLock.State.HELD;
    }

    /** Where a worker process of the sweep writes its output for point {@code index}. */
    public Path pointLog(long sweepId, int index) {
        return sweepDir(sweepId).resolve("point-" + (index + 1) + ".log");
    }

    private Path pointLock(long sweepId, int index) {
        return sweepDir(sweepId).resolve("point-" + (index + 1) + ".lock");
    }

    private Path sweepDir(long sweepId) {
        return workspaceDir.resolve("sweeps").resolve(Long.toString(sweepId));
    }

    private Path runnerLock(long sweepId) {
        return sweepDir(sweepId).resolve("runner.lock");
    }
}
