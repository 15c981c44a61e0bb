package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.sweep.PointWorkers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A worker of {@code sweep run --parallel}: {@code sweep run ID --point N} in a new JVM with this process's classpath. */
public final class ChildSweepPoint implements PointWorkers {
    private final Path workspace;

    public ChildSweepPoint(Path workspace) {
        this.workspace = workspace;
    }

    @Override
    public Process start(long sweepId, int pointIndex, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Cli.class.getName(),
                "sweep", "run", Long.toString(sweepId), "--point", Integer.toString(pointIndex + 1),
                "--workspace", workspace.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }
}
