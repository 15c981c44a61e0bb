package org.ktoworkbench.model.cli;

import picocli.CommandLine.Parameters;

/** A subcommand about one dataset of the workspace, named as the first argument. */
abstract class DatasetCommand extends WorkspaceCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Dataset name.")
    String name;
}
