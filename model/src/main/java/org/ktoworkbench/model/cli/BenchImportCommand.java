package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.ImportOptions;
import org.ktoworkbench.model.store.ImportProgress;
import org.ktoworkbench.model.store.ImportReport;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.train.DatasetChanges;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Generate a synthetic JSONL dataset, import it, and time full-text searches over it.",
                "Prints 'import rows/s: X' and 'search median ms: Y'; with python3 on PATH it also runs"
                        + " bench/import_peer.py (json + sqlite3 + FTS5) on the same file and prints its rows/s and the ratio. Without --workspace it works in a"
                        + " temporary workspace that is deleted afterwards."})
final class BenchImportCommand implements Callable<Integer> {
    @Mixin
    WorkspaceOption workspace;
    @Spec
    CommandSpec spec;

    @Option(names = "--rows", defaultValue = "300000", description = "Rows to generate (default: ${DEFAULT-VALUE}).")
    int rows;

    @Option(names = "--queries", defaultValue = "50", description = "Searches to time (default: ${DEFAULT-VALUE}).")
    int queries;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the data and queries (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--end-to-end", description = "Also time 'import FILE' in a new JVM with this classpath (JVM start"
            + " included, as a user runs it) into a new workspace, beside the peer (interpreter start included).")
    boolean endToEnd;

    @Override
    public Integer call() throws IOException {
        if (rows < 1 || queries < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rows and --queries must be at least 1");
        }
        PrintWriter out = spec.commandLine().getOut();
        Path scratch = Files.createTempDirectory("kto-bench-import");
        Path workspaceDir = workspace.directory != null ? workspace.directory : scratch.resolve("workspace");
        try {
            SyntheticDataset data = new SyntheticDataset(4000, seed);
            Path file = scratch.resolve("bench.jsonl");
            data.writeJsonl(file, rows, seed);
            // on disk before anything is timed: the kernel writes dirty pages back about 30 s after they were
            // written, which otherwise fell in the middle of the second timed import and slowed its syncs
            try (FileChannel written = FileChannel.open(file, StandardOpenOption.READ)) {
                written.force(true);
            }
            out.printf(Locale.ROOT, "generated %d rows (%.1f MB)%n", rows, Files.size(file) / 1e6);
            // the peer first: run after our import, it shared the cores with this JVM's compiler threads, which
            // went on compiling after the import returned (the peer then took 1-2 s more than on its own)
            Optional<PeerImportScript.Timing> peer = runPeer(out, file, scratch);
            try (Workspace ws = Workspace.open(workspaceDir)) {
                String name = "bench-import-" + seed;
                long cpuStart = ProcessCpu.nanos();
                long start = System.nanoTime();
                ImportReport report = DatasetChanges.importFile(ws, file, ImportOptions.strict(name).replacing(),
                        ImportProgress.NONE);
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpuSeconds = (ProcessCpu.nanos() - cpuStart) / 1e9;
                out.printf(Locale.ROOT, "import seconds: %.2f, CPU seconds: %.2f (in this process, all its threads:"
                        + " read, validate, insert, index; JVM start not included)%n", seconds, cpuSeconds);
                out.printf(Locale.ROOT, "import rows/s: %.0f%n", report.dataset().rows() / seconds);
                peer.ifPresent(timing -> out.printf(Locale.ROOT, "import vs peer: %.2fx (wall time), %.2fx (CPU time)%n",
                        timing.seconds() / seconds, timing.cpuSeconds() / cpuSeconds));
                if (endToEnd) timeEndToEnd(out, file, scratch, rows, peer);
                SplittableRandom random = new SplittableRandom(seed + 1);
                double[] millis = new double[queries];
                long matches = 0;
                ws.datasets().search(name, data.word(random), 20); // warm the page cache and statement
                for (int q = 0; q < queries; q++) {
                    String query = data.word(random);
                    long t = System.nanoTime();
                    matches += ws.datasets().search(name, query, 20).size();
                    millis[q] = (System.nanoTime() - t) / 1e6;
                }
                Arrays.sort(millis);
                out.printf(Locale.ROOT, "search queries: %d (%d matches shown in all)%n", queries, matches);
                out.printf(Locale.ROOT, "search median ms: %.2f%n", millis[queries / 2]);
                out.printf(Locale.ROOT, "search max ms: %.2f%n", millis[queries - 1]);
            }
        } finally {
            deleteTree(scratch);
        }
        return 0;
    }

    /**
     * Runs the Python peer on the file and prints its rate; ours is then compared with it by wall time and by CPU
     * time (the machine may be shared: CPU time does not count the waits for a core). Skipped without python3.
     */
    private static Optional<PeerImportScript.Timing> runPeer(PrintWriter out, Path file, Path scratch)
            throws IOException {
        Optional<PeerImportScript> peer = PeerImportScript.find(System.getenv("PATH"));
        if (peer.isEmpty()) {
            out.println("peer (python3 " + PeerImportScript.RESOURCE + "): skipped, python3 is not on PATH");
            return Optional.empty();
        }
        PeerImportScript.Timing timing;
        try {
            timing = peer.get().run(file, scratch.resolve("peer.db"), scratch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the peer script ran", e);
        }
        out.printf(Locale.ROOT, "peer seconds: %.2f, CPU seconds: %.2f (%s %s, the whole process: interpreter"
                + " start included)%n", timing.seconds(), timing.cpuSeconds(), peer.get().python(), PeerImportScript.RESOURCE);
        out.printf(Locale.ROOT, "peer rows/s: %.0f%n", timing.rowsPerSecond());
        return Optional.of(timing);
    }

    /** Times {@code import FILE} in a child JVM (JVM start included) and compares it with the peer's wall time. */
    private static void timeEndToEnd(PrintWriter out, Path file, Path scratch, int rows,
                                     Optional<PeerImportScript.Timing> peer) throws IOException {
        double seconds;
        try {
            seconds = ChildCliImport.run(file, scratch.resolve("end-to-end"), "bench-end-to-end");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the child import ran", e);
        }
        out.printf(Locale.ROOT, "end-to-end import seconds: %.2f (java -cp <this classpath> %s import FILE into a new"
                + " workspace: JVM start, workspace open and close included)%n", seconds, Cli.class.getName());
        out.printf(Locale.ROOT, "end-to-end import rows/s: %.0f%n", rows / seconds);
        peer.ifPresent(p -> out.printf(Locale.ROOT, "end-to-end import vs peer: %.2fx (wall time)%n", p.seconds() / seconds));
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
