package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.bench.RandomCheckpoint;
import org.ktoworkbench.model.bench.RandomCheckpoint.Architecture;
import org.ktoworkbench.model.loading.ModelExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "make-checkpoint", mixinStandardHelpOptions = true,
        description = {"Write a Hugging Face checkpoint folder of seeded random weights (config.json and"
                + " model.safetensors, float32, no tokenizer) for 'bench kto --model DIR': an architecture at a chosen"
                + " size without downloading anything.",
                "Defaults: a Qwen3-like model of 4 layers, hidden 512, 8 heads (4 key/value heads), MLP 1536,"
                        + " vocabulary 32,000, tied embeddings, context 2048: 29.0 M parameters, 116 MB."})
final class BenchMakeCheckpointCommand implements Callable<Integer> {
    @CommandLine.Mixin // accepted like every command's; writing a checkpoint needs no workspace
    WorkspaceOption workspace;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder to write (refused if it exists and is not empty).")
    Path dir;
    @Option(names = "--arch", defaultValue = "qwen3",
            description = "llama, mistral, qwen2, qwen3 or gpt2 (default: ${DEFAULT-VALUE}).")
    String arch;
    @Option(names = "--layers", defaultValue = "4", description = "Decoder layers (default: ${DEFAULT-VALUE}).")
    int layers;
    @Option(names = "--hidden", defaultValue = "512", description = "hidden_size (default: ${DEFAULT-VALUE}).")
    int hidden;
    @Option(names = "--heads", defaultValue = "8", description = "Query heads (default: ${DEFAULT-VALUE}).")
    int heads;
    @Option(names = "--kv-heads", description = "Key/value heads; must divide --heads (default: half of an even --heads"
            + " as in Qwen3-0.6B's 16/8, else --heads; gpt2: --heads).")
    Integer kvHeads;
    @Option(names = "--head-dim", description = "Per-head width (default: --hidden / --heads).")
    Integer headDim;
    @Option(names = "--intermediate", description = "MLP width (default: 3 x --hidden, gpt2 4 x --hidden).")
    Integer intermediate;
    @Option(names = "--vocab", defaultValue = "32000", description = "vocab_size (default: ${DEFAULT-VALUE}).")
    int vocab;
    @Option(names = "--context", defaultValue = "2048",
            description = "max_position_embeddings; bench kto's --seq-len must fit (default: ${DEFAULT-VALUE}).")
    int context;
    @Option(names = "--tie-embeddings", arity = "1", paramLabel = "true|false",
            description = "Output projection tied to the token embedding (default: true for qwen2, qwen3, gpt2).")
    Boolean tie;
    @Option(names = "--seed", defaultValue = "1", description = "Seed of the weights (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--force", description = "Write into DIR even if it holds files (config.json and"
            + " model.safetensors are replaced).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        RandomCheckpoint checkpoint = checkpoint();
        ModelExport.requireTarget(dir, force);
        long parameters = checkpoint.write(dir, seed);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "wrote %s: %s (%,d parameters, float32)%n", TerminalText.escape(dir.toString()),
                checkpoint, parameters);
        return 0;
    }

    /** The checkpoint the options describe; an impossible one is a usage error naming the option. */
    private RandomCheckpoint checkpoint() {
        try {
            Architecture architecture = Architecture.of(arch);
            boolean gpt2 = architecture == Architecture.GPT2;
            int kv = kvHeads != null ? kvHeads : gpt2 || heads % 2 != 0 ? heads : heads / 2;
            int perHead = headDim != null ? headDim : hidden / Math.max(heads, 1);
            if (headDim == null && heads > 0 && hidden % heads != 0) {
                throw new IllegalArgumentException("heads (" + heads + ") must divide hidden (" + hidden
                        + ") unless --head-dim is given");
            }
            int inner = intermediate != null ? intermediate : (gpt2 ? 4 : 3) * hidden;
            boolean tied = tie != null ? tie : architecture.tiesByDefault();
            return new RandomCheckpoint(architecture, layers, hidden, heads, kv, perHead, inner, vocab, context, tied);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "invalid checkpoint: " + e.getMessage());
        }
    }
}
