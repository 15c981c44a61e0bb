package org.ktoworkbench.model.train;

import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.store.FileTrees;
import org.ktoworkbench.model.store.RunFolders;
import org.ktoworkbench.model.store.RunStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A run's checkpoints: {@code step-N/} folders holding the policy, the optimizer's moments, the loss scaler of an fp16
 * run and the {@link TrainingState}. Each is written to a temporary folder and renamed into place, so a kill mid-write leaves the
 * previous checkpoint whole (the temporary folder is removed when the run resumes or the workspace opens, see
 * {@link RunStore#tidyCheckpoints}); the newest {@link #KEEP} are kept, folders and records.
 */
public final class Checkpoints {
    static final int KEEP = 2;
    private final Path dir;
    private final RunStore runs;
    private final long runId;

    public Checkpoints(Path dir, RunStore runs, long runId) {
        this.dir = dir;
        this.runs = runs;
        this.runId = runId;
    }

    /** @param scaler the fp16 run's loss scaler, or null */
    public void save(CausalLm policy, AdamW optimizer, LossScaler scaler, TrainingState state) {
        try {
            Files.createDirectories(dir);
            Path target = dir.resolve("step-" + state.stepsDone());
            Path temp = Files.createTempDirectory(dir, RunFolders.WRITING_PREFIX);
            policy.saveExact(temp);
            optimizer.save(temp);
            if (scaler != null) scaler.save(temp);
            state.write(temp);
            deleteTree(target);
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target);
            }
            runs.addCheckpoint(runId, state.stepsDone(), target);
            prune();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    public static TrainingState readState(Path checkpoint) throws IOException {
        return TrainingState.read(checkpoint);
    }

    private void prune() throws IOException {
        List<Path> steps;
        try (Stream<Path> s = Files.list(dir)) {
            steps = s.filter(p -> p.getFileName().toString().startsWith("step-"))
                    .sorted(Comparator.comparingLong(Checkpoints::stepOf).reversed()).toList();
        }
        List<Path> pruned = steps.subList(Math.min(KEEP, steps.size()), steps.size());
        if (pruned.isEmpty()) return;
        for (Path old : pruned) deleteTree(old);
        runs.deleteCheckpoints(runId, pruned.stream().map(Checkpoints::stepOf).toList());
    }

    private static long stepOf(Path p) {
        return Long.parseLong(p.getFileName().toString().substring("step-".length()));
    }

    static void deleteTree(Path root) throws IOException {
        FileTrees.delete(root);
    }
}
