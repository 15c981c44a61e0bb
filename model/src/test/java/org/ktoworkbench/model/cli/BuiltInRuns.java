package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.GptConfig;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.text.ByteTokenizer;
import org.ktoworkbench.model.train.RunPaths;

import java.nio.file.Path;

/** A completed run in a real workspace whose final model is a freshly initialised built-in GPT (no training: fast). */
final class BuiltInRuns {
    static final GptConfig TINY = new GptConfig(ByteTokenizer.VOCAB_SIZE, 32, 2, 16, 2);

    private BuiltInRuns() {}

    /** Creates the run in the workspace at {@code workspaceDir}; returns its id. */
    static long completedRun(Path workspaceDir, long seed) throws Exception {
        try (Workspace ws = Workspace.open(workspaceDir)) {
            long run = ws.runs().createRun("untrained", "kto", null, "{}", null);
            try (Gpt gpt = Gpt.create(TINY, seed)) {
                gpt.save(new RunPaths(workspaceDir, run).finalModel());
            }
            ws.runs().setStatus(run, RunStatus.COMPLETED, null);
            return run;
        }
    }
}
