package org.ktoworkbench.model.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code import FILE} run as a user runs it: a new JVM with this process's classpath (the fat jar, or the classes
 * and their dependencies), so its time includes the JVM's start, class loading, the workspace's open and close.
 * That is the figure to set beside the Python peer, whose time includes its interpreter's start.
 */
final class ChildCliImport {
    private ChildCliImport() {
    }

    /** Imports {@code file} as dataset {@code name} into the workspace {@code workspace}; returns the wall seconds. */
    static double run(Path file, Path workspace, String name) throws IOException, InterruptedException {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Cli.class.getName(),
                "import", file.toString(), "--name", name, "--workspace", workspace.toString());
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException("the child import of " + file + " is still running after 10 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0) {
            throw new IOException("the child import of " + file + " failed (exit " + process.exitValue() + "): "
                    + output.lines().reduce((a, b) -> b).orElse(""));
        }
        return seconds;
    }
}
