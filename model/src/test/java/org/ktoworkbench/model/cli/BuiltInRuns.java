package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.hf.TestSafetensors;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.GptConfig;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.text.ByteTokenizer;
import org.ktoworkbench.model.train.RunPaths;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** A completed run in a real workspace whose final model is a freshly initialised built-in GPT (no training: fast). */
final class BuiltInRuns {
    static final GptConfig TINY = new GptConfig(ByteTokenizer.VOCAB_SIZE, 32, 2, 16, 2);

    private BuiltInRuns() {}

    /** Creates the run in the workspace at {@code workspaceDir}; returns its id. */
    static long completedRun(Path workspaceDir, long seed) throws Exception {
        return completedRun(workspaceDir, seed, 1);
    }

    /**
     * As {@link #completedRun(Path, long)} with every weight matrix multiplied by {@code scale}: GPT-2's initial
     * 0.02 keeps activations so small that GELU and its tanh approximation agree to 1e-6; trained weights do not.
     */
    static long completedRun(Path workspaceDir, long seed, double scale) throws Exception {
        try (Workspace ws = Workspace.open(workspaceDir)) {
            long run = ws.runs().createRun("untrained", "kto", null, "{}", null);
            Path dir = new RunPaths(workspaceDir, run).finalModel();
            try (Gpt gpt = Gpt.create(TINY, seed)) {
                gpt.save(dir);
            }
            if (scale != 1) {
                Path file = dir.resolve("model.safetensors");
                Map<String, TestSafetensors.Tensor> scaled = new LinkedHashMap<>();
                TestSafetensors.read(file).forEach((name, t) -> scaled.put(name, t.shape().length < 2 ? t
                        : new TestSafetensors.Tensor(t.dtype(), t.shape(), Arrays.stream(t.values()).map(v -> v * scale).toArray())));
                TestSafetensors.write(file, scaled);
            }
            ws.runs().setStatus(run, RunStatus.COMPLETED, null);
            return run;
        }
    }
}
