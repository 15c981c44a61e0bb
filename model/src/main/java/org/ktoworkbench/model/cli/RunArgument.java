package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Workspace;

/** Finds the run a command names, with a clear error when there is none. */
final class RunArgument {
    private RunArgument() {}

    static RunInfo find(Workspace ws, long runId) {
        return ws.runs().run(runId).orElseThrow(() -> new IllegalArgumentException(
                "no run " + runId + " in workspace " + ws.directory() + " (list them with: kto-workbench runs)"));
    }
}
