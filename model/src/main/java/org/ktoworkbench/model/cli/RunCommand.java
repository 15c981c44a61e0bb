package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** A subcommand about one run, named by its id as the first argument; an unknown id is a clear error. */
abstract class RunCommand extends WorkspaceCommand {
    @Parameters(index = "0", paramLabel = "RUN", description = "Run id.")
    long runId;

    @Override
    final int run(Workspace ws, PrintWriter out) throws Exception {
        return run(ws, requireRun(ws, runId), out);
    }

    /** The run {@code runId}, or an error naming the workspace and how to list its runs. */
    static RunInfo requireRun(Workspace ws, long runId) {
        return ws.runs().run(runId).orElseThrow(() -> new IllegalArgumentException(
                "no run " + runId + " in workspace " + ws.directory() + " (list them with: kto-workbench runs)"));
    }

    abstract int run(Workspace ws, RunInfo run, PrintWriter out) throws Exception;
}
