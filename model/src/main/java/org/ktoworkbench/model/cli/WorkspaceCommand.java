package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.Workspace;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** A subcommand that works in one workspace ({@code --workspace DIR}): opened for {@link #run}, closed after. */
abstract class WorkspaceCommand implements Callable<Integer> {
    @Mixin
    WorkspaceOption workspace;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try (Workspace ws = workspace.open()) {
            return run(ws, out());
        }
    }

    /** The command's work; returns the exit code. */
    abstract int run(Workspace ws, PrintWriter out) throws Exception;

    PrintWriter out() {
        return spec.commandLine().getOut();
    }
}
