package org.ktoworkbench.model.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * Flushes a database's write-ahead log to disk on a background thread while a long write transaction fills it, so
 * that the checkpoint at commit, which must sync the whole log before copying it into the database, finds most of it
 * on disk already. A 300,000-row import writes about 200 MB of log; syncing it at commit took 0.24-0.32 s, and
 * 0.06-0.13 s once it had been flushed as it grew (Python sqlite3 on the same file, README). Only an optimisation: SQLite syncs what correctness needs, and a
 * failed flush here is ignored.
 *
 * <p>It opens the log file (never the database file: closing another descriptor of that would drop SQLite's POSIX
 * locks on it; SQLite holds none on the log, whose locks live in the shared-memory file).
 */
final class WalSync implements AutoCloseable {
    static final long INTERVAL_NANOS = 200_000_000L;

    private final Path wal;
    private final Thread thread;
    private volatile boolean stopped;
    private FileChannel channel;
    private volatile int flushes;

    private WalSync(Path databaseFile) {
        this.wal = databaseFile.resolveSibling(databaseFile.getFileName() + "-wal");
        this.thread = new Thread(this::run, "wal-sync " + databaseFile.getFileName());
        thread.setDaemon(true);
    }

    /** Starts flushing {@code databaseFile}'s log every {@link #INTERVAL_NANOS}. */
    static WalSync start(Path databaseFile) {
        WalSync sync = new WalSync(databaseFile);
        sync.thread.start();
        return sync;
    }

    private void run() {
        while (!stopped) {
            LockSupport.parkNanos(this, INTERVAL_NANOS);
            if (!stopped) flush();
        }
        closeChannel();
    }

    private void flush() {
        try {
            if (channel == null) {
                if (!Files.exists(wal)) return;
                channel = FileChannel.open(wal, StandardOpenOption.READ);
            }
            channel.force(false);
            flushes++;
        } catch (IOException e) {
            // SQLite syncs the log itself before it relies on it; this flush only does some of that work earlier
        }
    }

    private void closeChannel() {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }

    /** How many flushes reached the disk (for tests). */
    int flushes() {
        return flushes;
    }

    /** Stops flushing and waits for the thread to end. */
    @Override
    public void close() {
        stopped = true;
        LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
