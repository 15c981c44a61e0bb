package org.ktoworkbench.model.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * A workspace: a directory holding {@code workspace.db}, one SQLite file with the datasets and runs
 * (and, beside it, whatever runs write, such as checkpoints). Several processes may open the same
 * workspace at once (see {@link Database}).
 */
public final class Workspace implements AutoCloseable {
    public static final String DATABASE_FILE = "workspace.db";
    public static final String HOME_VARIABLE = "KTO_WORKBENCH_HOME";

    private final Path directory;
    private final Database db;
    private final DatasetStore datasets;
    private final RunStore runs;
    private final SweepStore sweeps;

    private Workspace(Path directory, Database db) {
        this.directory = directory;
        this.db = db;
        this.datasets = new DatasetStore(db);
        this.runs = new RunStore(db, directory);
        this.sweeps = new SweepStore(db, directory);
    }

    /** {@code $KTO_WORKBENCH_HOME} if set, else {@code ~/.kto-workbench}. */
    public static Path defaultDirectory() {
        String home = System.getenv(HOME_VARIABLE);
        if (home != null && !home.isBlank()) {
            return Path.of(home);
        }
        return Path.of(System.getProperty("user.home"), ".kto-workbench");
    }

    /**
     * Opens (creating if needed) the workspace in {@code dir}, bringing its schema up to date and removing what processes
     * that died mid-checkpoint left behind in runs no process trains.
     */
    public static Workspace open(Path dir) {
        return open(dir, Migrations.LATEST);
    }

    static Workspace open(Path dir, int schemaVersion) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StoreException(dir + ": cannot create the workspace directory: " + e.getMessage(), e);
        }
        Path file = dir.resolve(DATABASE_FILE);
        Database db = Database.open(file, c -> {
            Migrations.requireWorkspaceOrEmpty(c, file);
            return null;
        });
        try {
            db.write(c -> {
                Migrations.migrate(c, schemaVersion);
                return null;
            });
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        Workspace workspace = new Workspace(dir, db);
        if (schemaVersion == Migrations.LATEST) new LeftoverCheckpoints(workspace.runs, dir).removeFromAbandonedRuns();
        return workspace;
    }

    public Path directory() {
        return directory;
    }

    public DatasetStore datasets() {
        return datasets;
    }

    public RunStore runs() {
        return runs;
    }

    public SweepStore sweeps() {
        return sweeps;
    }

    /** The database itself, for tests in this package that set connection pragmas (such as a page limit). */
    Database database() {
        return db;
    }

    /** The schema version recorded in the database. */
    public int schemaVersion() {
        return db.read(Migrations::version);
    }

    @Override
    public void close() {
        db.close();
    }
}
