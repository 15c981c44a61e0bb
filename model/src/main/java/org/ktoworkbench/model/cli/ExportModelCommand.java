package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.loading.ModelExport;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

@Command(name = "export-model", mixinStandardHelpOptions = true,
        description = {"Write a run's final policy as a checkpoint folder transformers loads (AutoModelForCausalLM):",
                "the built-in GPT as GPT2LMHeadModel (byte vocabulary: 256 bytes, then BOS 256, EOS 257, PAD 258;",
                "no tokenizer files), a Hugging Face model in its own architecture and dtypes with its tokenizer files;",
                "a LoRA run as a PEFT adapter folder (adapter_config.json, adapter_model.safetensors) for its base,",
                "or with --merge as a full checkpoint with the adapter merged in."})
final class ExportModelCommand extends RunCommand {
    @Parameters(index = "1", paramLabel = "DIR", description = "The folder to write (refused if it exists and is not empty).")
    Path dir;
    @Option(names = "--force", description = "Replace DIR if it exists.")
    boolean force;
    @Option(names = "--merge", description = "A LoRA run: write the base with the adapter merged in (W + alpha/r·B·A), a"
            + " full checkpoint, instead of the adapter folder.")
    boolean merge;

    @Override
    int run(Workspace ws, RunInfo run, PrintWriter out) throws Exception {
        Path source = new ModelSource(null, run.id()).folder(ws);
        ModelExport.export(source, dir, force, merge);
        out.println("exported run " + run.id() + (merge ? " (LoRA adapter merged into its base)" : "") + " to "
                + TerminalText.escape(dir.toString()));
        return 0;
    }
}
