package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.loading.LoadedModel;
import org.ktoworkbench.model.loading.ModelFolder;
import org.ktoworkbench.model.nn.GenerationConfig;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.RunPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {"Continue prompts with a model: a run's (RUN: its final model, else its latest checkpoint) or",
                "--model DIR|RUN (a model folder, built-in or Hugging Face, or a run's final model).",
                "Prints each prompt followed by its continuation; with --chat only the reply. Stops at EOS."})
final class GenerateCommand extends WorkspaceCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN", description = "Run id (or use --model).")
    Long runId;
    @Option(names = "--model", paramLabel = "DIR|RUN", converter = ModelSource.Converter.class,
            description = "A model folder, or a run id (its final model).")
    ModelSource model;
    @Option(names = "--prompt", required = true, description = "Prompt text; repeat for several.")
    List<String> prompts;
    @Option(names = "--chat", description = "Wrap each prompt as a user message in the model's chat template.")
    boolean chat;
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
    int run(Workspace ws, PrintWriter out) throws Exception {
        if ((runId == null) == (model == null)) {
            throw new IllegalArgumentException("name the model once: a RUN argument or --model DIR|RUN");
        }
        GenerationConfig config = new GenerationConfig(maxNewTokens, temperature, topK, topP, seed);
        Path folder = model != null ? model.folder(ws) : modelOf(ws, runId);
        try (LoadedModel loaded = ModelFolder.load(folder)) {
            List<int[]> ids = prompts.stream().map(p -> loaded.promptIds(p, chat)).toList();
            List<int[]> generated = loaded.generator().generate(ids, config);
            for (int i = 0; i < prompts.size(); i++) {
                String text = loaded.tokenizer().decode(generated.get(i));
                out.println(TerminalText.escape(chat ? text : prompts.get(i) + text));
            }
        }
        return 0;
    }

    private static Path modelOf(Workspace ws, long runId) {
        RunInfo run = RunCommand.requireRun(ws, runId);
        Path finalModel = new RunPaths(ws.directory(), run.id()).finalModel();
        if (Files.isDirectory(finalModel)) return finalModel;
        return ws.runs().latestCheckpoint(run.id()).map(c -> c.path()).orElseThrow(() ->
                new IllegalArgumentException("run " + run.id() + " has no model yet (no final model, no checkpoint)"));
    }
}
