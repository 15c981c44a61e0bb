package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The {@code --workspace DIR} option every subcommand mixes in. */
public final class WorkspaceOption {
    @Option(names = "--workspace", paramLabel = "DIR",
            description = "Workspace directory (default: $KTO_WORKBENCH_HOME, else ~/.kto-workbench).")
    Path directory;

    public Path directory() {
        return directory != null ? directory : Workspace.defaultDirectory();
    }

    public Workspace open() {
        return Workspace.open(directory());
    }
}
