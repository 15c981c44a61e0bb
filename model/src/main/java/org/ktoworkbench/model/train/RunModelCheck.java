package org.ktoworkbench.model.train;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps a run on the model folder it started from: the phase that starts records the folder's {@link ModelFingerprint}
 * and a resume refuses a folder that moved or changed, saying which (its reference model and tokenizer are read from
 * the folder again). Runs of the built-in GPT from scratch have no folder and are not checked.
 */
public final class RunModelCheck {
    private RunModelCheck() {}

    /** Before a run resumes; a refusal leaves its status as it was. */
    static void beforeResume(Workspace workspace, RunInfo run) {
        Optional<ModelFingerprint> then = workspace.runs().modelSource(run.id()).map(ModelFingerprint::fromJson);
        if (then.isEmpty()) return;
        Path folder = Path.of(then.get().folder());
        String subject = "run " + run.id() + " cannot resume: ";
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException(subject + "its model folder " + folder + " no longer exists (moved or"
                    + " deleted); put it back there, or start a new run on the folder where it is now");
        }
        ModelFingerprint now = fingerprint(folder);
        if (!now.sha256().equals(then.get().sha256())) {
            throw new IllegalStateException(subject + "its model folder changed since the run started (then "
                    + then.get().describe() + "; now " + now.describe() + "); restore the files the run started"
                    + " from, or start a new run");
        }
    }

    /** When a phase starts on a model folder whose fingerprint the run has not recorded yet: records it. */
    static void atPhaseStart(Workspace workspace, long runId, RunConfig config) {
        if (!config.model().pretrained() || workspace.runs().modelSource(runId).isPresent()) return;
        workspace.runs().setModelSource(runId, fingerprint(config.model().folderPath()).toJson());
    }

    /** The folder a run records, for {@code show}; empty for a run of the built-in GPT from scratch. */
    public static Optional<String> describe(Workspace workspace, long runId) {
        return workspace.runs().modelSource(runId).map(ModelFingerprint::fromJson).map(ModelFingerprint::describe);
    }

    private static ModelFingerprint fingerprint(Path folder) {
        try {
            return ModelFingerprint.of(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model folder " + folder + ": " + e.getMessage(), e);
        }
    }
}
