package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a dataset as TRL's unpaired KTO JSONL (byte-for-byte stable for the same data).")
final class ExportCommand extends DatasetCommand {
    @Parameters(index = "1", paramLabel = "FILE", description = "Output file (.jsonl).")
    Path file;

    @Option(names = "--force", description = "Replace FILE if it exists (a symbolic link is never replaced).")
    boolean force;

    @Override
    int run(Workspace ws, PrintWriter out) {
        long rows = ws.datasets().export(name, file, force);
        out.printf("wrote %d rows to %s%n", rows, TerminalText.escape(file));
        return 0;
    }
}
