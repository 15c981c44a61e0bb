package org.ktoworkbench.model.store;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite connection with the workspace settings: WAL journal (readers in other processes do not
 * block the writer), synchronous=NORMAL, foreign keys on, a busy timeout so a second process waits
 * instead of failing, and IMMEDIATE write transactions so two writers queue rather than deadlock.
 * Calls from several threads are serialised on a lock.
 */
final class Database implements AutoCloseable {
    static final int BUSY_TIMEOUT_MS = 30_000;
    /** Bytes per database page of a new workspace. */
    static final int PAGE_SIZE = 32_768;

    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();

    private Database(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens the file and runs {@code guard} on the connection before any setting that writes (the WAL
     * switch rewrites the header), so a guard that throws leaves the file exactly as it was.
     */
    static Database open(Path file, Work<?> guard) {
        SqliteNativeLibrary.install();
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        try {
            Connection connection = config.createConnection("jdbc:sqlite:" + file);
            try (Statement s = connection.createStatement()) {
                guard.run(connection);
                // only a new, empty file takes it (an existing one keeps its page size): an import of 300,000 rows
                // ran about a quarter faster with 32 KiB pages than with SQLite's 4 KiB (fewer pages to write and
                // index, a smaller WAL to copy back)
                s.execute("PRAGMA page_size=" + PAGE_SIZE);
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                // 16 MiB: a 300,000-row import stored its rows about 0.1 s faster than with 64 MiB (fewer pages to
                // touch; spilled ones wait in the OS cache), and reads here scan a dataset once or touch a few pages
                s.execute("PRAGMA cache_size=-16384");
                s.execute("PRAGMA temp_store=MEMORY");
            } catch (SQLException | RuntimeException e) {
                connection.close();
                throw e;
            }
            return new Database(file, connection);
        } catch (SQLException e) {
            throw new StoreException(file + ": cannot open the workspace database: " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /** Runs outside a transaction (each statement commits on its own). */
    <T> T read(Work<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }

    /** Runs in one transaction: committed if the work returns, rolled back if it throws anything. */
    <T> T write(Work<T> work) {
        lock.lock();
        try {
            connection.setAutoCommit(false);
            T result;
            try {
                result = work.run(connection);
                connection.commit();
            } catch (Throwable t) {
                abandon(t);
                throw t;
            }
            connection.setAutoCommit(true);
            return result;
        } catch (SQLException e) {
            throw diskFull(e) ? diskFullFailure(e) : failure(e);
        } catch (RuntimeException e) {
            throw diskFull(e) ? diskFullFailure(e) : e;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Rolls back after {@code cause} and leaves the connection in auto-commit. SQLite may have rolled the
     * transaction back already (it does on SQLITE_FULL), so these steps can fail too: their errors are
     * kept as suppressed, never thrown in place of the cause, which is what the user must hear about.
     */
    private void abandon(Throwable cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
        try {
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static boolean diskFull(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLiteException e && e.getResultCode() == SQLiteErrorCode.SQLITE_FULL) {
                return true;
            }
        }
        return false;
    }

    private StoreException diskFullFailure(Exception e) {
        return new StoreException(file + ": the disk is full, cannot write the workspace database;"
                + " the change was rolled back and nothing stored before was lost (free some space and try again)", e);
    }

    private StoreException failure(SQLException e) {
        return new StoreException(file + ": database error: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            connection.close();
        } catch (SQLException e) {
            throw failure(e);
        } finally {
            lock.unlock();
        }
    }
}
