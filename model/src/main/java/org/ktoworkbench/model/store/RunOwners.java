package org.ktoworkbench.model.store;

import java.io.IOException;
import java.nio.file.Path;

/** The owner locks of a workspace's runs ({@code runs/<id>/owner.lock}, see {@link OwnerLock}). */
final class RunOwners {
    private final Path workspaceDir;

    RunOwners(Path workspaceDir) {
        this.workspaceDir = workspaceDir;
    }

    /** False when a live process (this one included) owns the run already. */
    boolean take(long runId) {
        Path lock = lockOf(runId);
        try {
            return OwnerLock.acquire(lock);
        } catch (IOException e) {
            throw new StoreException("cannot lock " + lock + ": " + e.getMessage(), e);
        }
    }

    void release(long runId) {
        OwnerLock.release(lockOf(runId));
    }

    boolean ownedHere(long runId) {
        return OwnerLock.heldHere(lockOf(runId));
    }

    /** Whether the process that created the run or marked it RUNNING (its stored {@code pid}, or null) owns it. */
    boolean alive(long runId, Long pid) {
        return switch (OwnerLock.state(lockOf(runId))) {
            case HELD -> true;
            case FREE -> false;
            // a run marked RUNNING before owner locks existed: only its PID can tell; a run QUEUED before runs were
            // owned from their creation has none, and no process will start it
            case NO_LOCK_FILE -> pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        };
    }

    /** See {@link RunStore#forgetOwner}; the caller has checked that this process does not own the run. */
    void forget(long runId) {
        Path lock = lockOf(runId);
        try {
            OwnerLock.breakLock(lock);
        } catch (IOException e) {
            throw new StoreException("cannot remove " + lock + ": " + e.getMessage(), e);
        }
    }

    private Path lockOf(long runId) {
        return RunFolders.ownerLock(workspaceDir, runId);
    }
}
