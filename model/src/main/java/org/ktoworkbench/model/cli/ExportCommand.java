package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a dataset as TRL's unpaired KTO JSONL (byte-for-byte stable for the same data).")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    WorkspaceOption workspace;
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Dataset name.")
    String name;

    @Parameters(index = "1", paramLabel = "FILE", description = "Output file (.jsonl).")
    Path file;

    @Override
    public Integer call() {
        try (Workspace ws = workspace.open()) {
            long rows = ws.datasets().export(name, file);
            spec.commandLine().getOut().printf("wrote %d rows to %s%n", rows, file);
        }
        return 0;
    }
}
