package org.ktoworkbench.model.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a process that died while writing a checkpoint leaves: its {@code .writing-*} folder (up to the size of a
 * model), and records of checkpoints whose folder is gone (older versions also kept the records of pruned ones).
 */
final class LeftoverCheckpoints {
    private final RunStore runs;
    private final Path workspaceDir;

    LeftoverCheckpoints(RunStore runs, Path workspaceDir) {
        this.runs = runs;
        this.workspaceDir = workspaceDir;
    }

    /** Removes the run's leftovers; the caller makes sure no live process trains it. */
    void remove(long runId) {
        try {
            for (Path partial : partialCheckpoints(runId)) FileTrees.delete(partial);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove a half-written checkpoint of run " + runId + ": " + e.getMessage(), e);
        }
        List<Long> missing = runs.checkpoints(runId).stream().filter(cp -> !Files.isDirectory(cp.path()))
                .map(CheckpointInfo::step).toList();
        if (!missing.isEmpty()) runs.deleteCheckpoints(runId, missing);
    }

    /**
     * {@link #remove} for every run that no process trains, each under its owner lock so that a process starting the
     * run meanwhile waits for it. Best effort: a run that cannot be tidied now is tidied when it resumes.
     */
    void removeFromAbandonedRuns() {
        for (RunInfo run : runs.listRuns()) {
            if (run.status() == RunStatus.RUNNING || !hasLeftovers(run.id())) continue;
            Path lock = RunFolders.ownerLock(workspaceDir, run.id());
            try {
                if (!OwnerLock.tryAcquire(lock)) continue;
                try {
                    remove(run.id());
                } finally {
                    OwnerLock.release(lock);
                }
            } catch (IOException | RuntimeException e) {
                // a read-only or busy workspace still opens; the leftovers only take disk space until the run resumes
            }
        }
    }

    private boolean hasLeftovers(long runId) {
        try {
            return !partialCheckpoints(runId).isEmpty()
                    || runs.checkpoints(runId).stream().anyMatch(cp -> !Files.isDirectory(cp.path()));
        } catch (IOException e) {
            return false;
        }
    }

    private List<Path> partialCheckpoints(long runId) throws IOException {
        Path dir = RunFolders.checkpoints(workspaceDir, runId);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(RunFolders.WRITING_PREFIX)).toList();
        }
    }
}
