package org.ktoworkbench.model.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The peer that {@code bench import} measures itself against: {@code bench/import_peer.py}, the import a
 * user would script with Python's json and sqlite3 modules, run as its own process on the same file.
 * Its time is the process's wall time, so it includes the interpreter's start.
 */
final class PeerImportScript {
    static final String RESOURCE = "/bench/import_peer.py";

    /** What one run gave: rows imported, seconds of wall time, and CPU seconds of the whole process. */
    record Timing(long rows, double seconds, double cpuSeconds) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private final Path python;

    private PeerImportScript(Path python) {
        this.python = python;
    }

    /** The peer with the first {@code python3} on {@code searchPath} (a PATH value), or empty when there is none. */
    static Optional<PeerImportScript> find(String searchPath) {
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String dir : searchPath.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, "python3");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(new PeerImportScript(candidate));
            }
        }
        return Optional.empty();
    }

    Path python() {
        return python;
    }

    /** Imports {@code jsonl} into a new database {@code database}, using {@code scratch} for the script. */
    Timing run(Path jsonl, Path database, Path scratch) throws IOException, InterruptedException {
        Path script = scratch.resolve("import_peer.py");
        try (InputStream in = PeerImportScript.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the peer script " + RESOURCE + " is missing from the build");
            }
            Files.copy(in, script);
        }
        long start = System.nanoTime();
        Process process = new ProcessBuilder(python.toString(), script.toString(), jsonl.toString(), database.toString())
                .redirectErrorStream(true).start();
        String output;
        try (InputStream out = process.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IOException(python + " " + script + ": still running after 10 minutes");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (process.exitValue() != 0 || !output.matches("\\d+ \\d+(\\.\\d+)?")) {
            throw new IOException(python + " " + script + " failed (exit " + process.exitValue() + "): "
                    + output.lines().reduce((a, b) -> b).orElse(""));
        }
        String[] fields = output.split(" ");
        return new Timing(Long.parseLong(fields[0]), seconds, Double.parseDouble(fields[1]));
    }
}
