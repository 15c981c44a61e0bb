package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.nn.GenerationConfig;
import org.ktoworkbench.model.nn.Generator;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.text.ByteTokenizer;
import org.ktoworkbench.model.train.RunPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue prompts with a run's model (its final model, else its latest checkpoint).")
final class GenerateCommand extends RunCommand {
    @Option(names = "--prompt", required = true, description = "Prompt text; repeat for several.")
    List<String> prompts;
    @Option(names = "--max-new-tokens", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int maxNewTokens;
    @Option(names = "--temperature", defaultValue = "0", description = "0 is greedy (default: ${DEFAULT-VALUE}).")
    double temperature;
    @Option(names = "--top-k", defaultValue = "0", description = "0: off (default).")
    int topK;
    @Option(names = "--top-p", defaultValue = "1", description = "1: off (default).")
    double topP;
    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    int run(Workspace ws, RunInfo run, PrintWriter out) throws Exception {
        Path model = modelOf(ws, run);
        GenerationConfig config = new GenerationConfig(maxNewTokens, temperature, topK, topP, seed);
        try (Gpt gpt = Gpt.load(model)) {
            List<String> texts = new Generator(gpt, new ByteTokenizer()).generateText(prompts, config);
            for (int i = 0; i < prompts.size(); i++) out.println(TerminalText.escape(prompts.get(i) + texts.get(i)));
        }
        return 0;
    }

    private static Path modelOf(Workspace ws, RunInfo run) {
        Path finalModel = new RunPaths(ws.directory(), run.id()).finalModel();
        if (Files.isDirectory(finalModel)) return finalModel;
        return ws.runs().latestCheckpoint(run.id()).map(c -> c.path()).orElseThrow(() ->
                new IllegalArgumentException("run " + run.id() + " has no model yet (no final model, no checkpoint)"));
    }
}
