package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.data.DataFormat;
import org.ktoworkbench.model.data.FileKind;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.ImportReport;
import org.ktoworkbench.model.store.StartedImport;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.DatasetChanges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a dataset file (JSONL, JSON array, CSV or Parquet) into the workspace.",
                "Shapes: unpaired (prompt, completion, label), paired (prompt, chosen, rejected),"
                        + " conversational (prompt and completion as lists of {role, content}),",
                "hh (Anthropic HH-RLHF chosen/rejected transcripts), hh-conversational (the same as messages).",
                "Strict by default: any problem and nothing is written."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    WorkspaceOption workspace;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to import.")
    Path file;

    @Option(names = "--name", paramLabel = "N", description = "Dataset name (default: the file name without extension).")
    String name;

    @Option(names = "--format", paramLabel = "F",
            description = "Row shape: unpaired, paired, conversational, hh or hh-conversational"
                    + " (default: detected from the first record).")
    String format;

    @Option(names = "--file-type", paramLabel = "T", description = "jsonl, json, csv or parquet (default: from the extension).")
    String fileType;

    @Option(names = "--lenient", description = "Skip bad rows (and list them) instead of failing.")
    boolean lenient;

    @Option(names = "--replace", description = "Replace an existing dataset of the same name (refused while a run uses it).")
    boolean replace;

    @Override
    public Integer call() {
        ImportOptions options = new ImportOptions(name, fileType == null ? null : FileKind.parse(fileType),
                format == null ? null : DataFormat.parse(format), lenient, replace);
        PrintWriter err = spec.commandLine().getErr();
        ImportProgressLine progress = ImportProgressLine.forConsole(err, TerminalText.escape(file.getFileName().toString()));
        ImportReport report;
        // the file is read and validated from here on, on its own thread, while the workspace opens
        try (StartedImport started = StartedImport.begin(file, options, progress); Workspace ws = workspace.open()) {
            report = DatasetChanges.importFile(ws, started);
        } finally {
            progress.finish();
        }
        DatasetInfo d = report.dataset();
        spec.commandLine().getOut().printf("imported '%s': %d rows (%d desirable, %d undesirable), format %s%s%n",
                TerminalText.escape(d.name()), d.rows(), d.desirable(), d.undesirable(), report.shape(),
                format == null ? " (detected)" : "");
        if (report.skippedCount() > 0) {
            err.println("skipped " + report.skippedCount() + " bad record(s):");
            UserErrorHandler.printProblems(err, report.skipped(), report.skippedCount());
        }
        return 0;
    }
}
