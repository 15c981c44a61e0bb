package org.ktoworkbench.model.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --workspace DIR} on a command that stores nothing, so that scripts may pass it to every command. */
final class UnusedWorkspaceOption {
    @Option(names = "--workspace", paramLabel = "DIR",
            description = "Accepted like on every other command; this benchmark reads and writes no workspace.")
    Path directory;
}
