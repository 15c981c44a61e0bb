package org.ktoworkbench.model.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ktoworkbench.model.data.Json;
import org.ktoworkbench.model.io.ExportFile;
import org.ktoworkbench.model.loading.LoadedModel;
import org.ktoworkbench.model.loading.ModelFolder;
import org.ktoworkbench.model.loading.ModelKind;
import org.ktoworkbench.model.nn.SequenceBatcher;
import org.ktoworkbench.model.score.RowSequences;
import org.ktoworkbench.model.score.ScoreInput;
import org.ktoworkbench.model.score.ScoreRow;
import org.ktoworkbench.model.score.Scorer;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Summed completion log-probability of every row under a model, computed as training computes it.",
                "Writes one JSONL line per row, in input order: row (1-based), label, logp, n_prompt, n_completion",
                "(and prompt_ids, completion_ids with --with-ids). A row whose prompt alone fills the max length",
                "(Hugging Face models, as TRL drops it) is written as {\"row\": N, \"label\": L, \"dropped\": REASON}",
                "and counted on stderr. Tokenization: TRL's KTOTrainer for Hugging Face models (conversational rows",
                "of a file through the model's chat template), the byte path of training for the built-in model."})
final class ScoreCommand extends WorkspaceCommand {
    @Option(names = "--model", required = true, paramLabel = "DIR|RUN", converter = ModelSource.Converter.class,
            description = "A model folder, or a run id (its final model).")
    ModelSource model;
    @Parameters(index = "0", paramLabel = "INPUT", description = "A dataset name in the workspace, or a dataset file (any import format).")
    String input;
    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout (refused if it exists, unless --force).")
    Path outFile;
    @Option(names = "--force", description = "Replace --out FILE if it exists.")
    boolean force;
    @Option(names = "--with-ids", description = "Also write prompt_ids and completion_ids.")
    boolean withIds;
    @Option(names = "--max-length", paramLabel = "N",
            description = "Longest sequence, prompt and completion together (default: the model's context; the built-in"
                    + " model's training length, context + 1).")
    Integer maxLength;

    @Override
    int run(Workspace ws, PrintWriter out) throws Exception {
        Path folder = model.folder(ws);
        if (outFile != null) ExportFile.requireWritable(outFile, force);
        List<ScoreRow> rows = ScoreInput.read(ws, input);
        PrintWriter err = spec.commandLine().getErr();
        try (LoadedModel loaded = ModelFolder.load(folder)) {
            int length = length(loaded);
            RowSequences sequences = RowSequences.of(loaded, rows, length);
            sequences.warnings().forEach(w -> err.println("warning: " + w));
            List<SequenceBatcher.Sequence> kept = new ArrayList<>(sequences.kept().values());
            ScoreProgress progress = new ScoreProgress(err, kept.size());
            double[] logps = new Scorer(loaded.model(), loaded.tokenizer().padId()).score(kept, progress);
            progress.finish();
            if (outFile == null) {
                write(rows, sequences, logps, out);
                out.flush();
            } else {
                ExportFile.write(outFile, force, stream -> write(rows, sequences, logps, stream));
                err.println("scored " + kept.size() + " rows into " + TerminalText.escape(outFile.toString()));
            }
        }
        return 0;
    }

    private int length(LoadedModel loaded) {
        int context = loaded.model().contextLength();
        int longest = context + 1; // the model reads a sequence less its last token
        if (maxLength == null) return loaded.kind() == ModelKind.BUILT_IN ? longest : context;
        if (maxLength < 2 || maxLength > longest) {
            throw new IllegalArgumentException("--max-length must be between 2 and " + longest
                    + " (the model's context + 1), got " + maxLength);
        }
        return maxLength;
    }

    private int write(List<ScoreRow> rows, RowSequences sequences, double[] logps, OutputStream stream) throws IOException {
        Writer writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
        PrintWriter lines = new PrintWriter(writer);
        write(rows, sequences, logps, lines);
        lines.flush();
        if (lines.checkError()) throw new IOException("cannot write the scores");
        return rows.size();
    }

    private void write(List<ScoreRow> rows, RowSequences sequences, double[] logps, PrintWriter lines) throws IOException {
        int k = 0;
        for (int i = 0; i < rows.size(); i++) {
            ObjectNode line = Json.MAPPER.createObjectNode();
            line.put("row", i + 1);
            line.put("label", rows.get(i).desirable());
            String dropped = sequences.dropped().get(i);
            if (dropped != null) {
                line.put("dropped", dropped);
            } else {
                SequenceBatcher.Sequence s = sequences.kept().get(i);
                line.put("logp", logps[k++]);
                line.put("n_prompt", s.promptIds().length);
                line.put("n_completion", s.completionIds().length);
                if (withIds) {
                    ids(line, "prompt_ids", s.promptIds());
                    ids(line, "completion_ids", s.completionIds());
                }
            }
            lines.println(Json.MAPPER.writeValueAsString(line));
        }
    }

    private static void ids(ObjectNode line, String field, int[] ids) {
        var array = line.putArray(field);
        for (int id : ids) array.add(id);
    }

    /** A line on stderr at most every two seconds for inputs that take that long, and one at the end if any was. */
    private static final class ScoreProgress implements java.util.function.IntConsumer {
        private static final long INTERVAL_NANOS = 2_000_000_000L;
        private final PrintWriter err;
        private final int total;
        private final long start = System.nanoTime();
        private long last = start;
        private boolean shown;

        ScoreProgress(PrintWriter err, int total) {
            this.err = err;
            this.total = total;
        }

        @Override
        public void accept(int done) {
            long now = System.nanoTime();
            if (now - last >= INTERVAL_NANOS && done < total) {
                err.printf("scored %d of %d rows%n", done, total);
                err.flush();
                last = now;
                shown = true;
            }
        }

        void finish() {
            if (shown) err.printf("scored %d of %d rows%n", total, total);
        }
    }
}
