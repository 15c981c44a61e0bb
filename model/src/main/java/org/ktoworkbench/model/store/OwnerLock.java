package org.ktoworkbench.model.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;

/**
 * Which process owns a run: the owner holds an exclusive {@link FileChannel#tryLock() lock} on the run's
 * {@code owner.lock} for as long as the run is QUEUED (from its creation) or RUNNING, and the operating system drops it
 * when that process dies, however it dies. A stored PID cannot tell this (in a PID namespace a killed run stored PID 1,
 * which is always alive).
 *
 * <p>Locks held by this JVM are kept in one table: on Linux a file lock belongs to the process, so opening and closing
 * another channel on the same file here would silently release the owner's lock; this JVM's own locks are therefore
 * answered from the table, never by probing the file.
 */
final class OwnerLock {
    /** What a reader can tell about a lock file. */
    enum State { HELD, FREE, NO_LOCK_FILE }

    private static final Map<Path, FileChannel> HELD_HERE = new HashMap<>();
    // a reader's probe holds a shared lock for microseconds; an owner starting at that moment tries again
    private static final int ACQUIRE_ATTEMPTS = 20;
    private static final long ACQUIRE_PAUSE_MS = 25;

    private OwnerLock() {}

    /** Takes the lock for this process; false when another process, or this one already, holds it. */
    static boolean acquire(Path lockFile) throws IOException {
        for (int attempt = 1; ; attempt++) {
            if (tryAcquire(lockFile)) return true;
            if (attempt == ACQUIRE_ATTEMPTS || heldHere(lockFile)) return false;
            try {
                Thread.sleep(ACQUIRE_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    /** One attempt, no waiting. */
    static synchronized boolean tryAcquire(Path lockFile) throws IOException {
        Files.createDirectories(lockFile.getParent());
        Path key = key(lockFile);
        if (HELD_HERE.containsKey(key)) return false; // checked before opening: closing a second channel would drop the lock
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException | IOException e) {
            channel.close();
            return false;
        }
        if (lock == null) {
            channel.close();
            return false;
        }
        HELD_HERE.put(key, channel);
        return true;
    }

    /** Releases the lock if this process holds it; nothing otherwise. */
    static synchronized void release(Path lockFile) {
        FileChannel channel = HELD_HERE.remove(keyOrNull(lockFile));
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing the channel drops the lock even when close reports an error
        }
    }

    static synchronized boolean heldHere(Path lockFile) {
        return HELD_HERE.containsKey(keyOrNull(lockFile));
    }

    /** Whether a live process (this one included) holds the lock; never takes it for longer than the probe. */
    static synchronized State state(Path lockFile) {
        if (!Files.exists(lockFile)) return State.NO_LOCK_FILE;
        if (heldHere(lockFile)) return State.HELD;
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ)) {
            FileLock probe = channel.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) return State.HELD;
            probe.release();
            return State.FREE;
        } catch (OverlappingFileLockException e) {
            return State.HELD;
        } catch (NoSuchFileException e) {
            return State.NO_LOCK_FILE;
        } catch (IOException e) {
            return State.HELD; // cannot tell: assume alive rather than let two processes train one run
        }
    }

    /**
     * Lets a new owner take over from one that holds the lock but is known to be gone (a hung or unreachable process):
     * the lock file is removed, so the next {@link #acquire} locks a fresh file while the old holder keeps a lock on one
     * nobody opens any more. Refused for a lock this process holds.
     */
    static synchronized void breakLock(Path lockFile) throws IOException {
        if (heldHere(lockFile)) throw new IllegalStateException(lockFile + " is held by this process");
        Files.deleteIfExists(lockFile);
    }

    private static Path keyOrNull(Path lockFile) {
        try {
            return key(lockFile);
        } catch (IOException e) {
            return lockFile.toAbsolutePath().normalize();
        }
    }

    /** The same file reached through another path (a symlinked workspace) must find the same entry. */
    private static Path key(Path lockFile) throws IOException {
        return lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
    }
}
