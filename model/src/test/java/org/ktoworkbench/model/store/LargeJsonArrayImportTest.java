package org.ktoworkbench.model.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.cli.Cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A JSON array several times larger than the heap imports: the array is streamed, not read whole. */
class LargeJsonArrayImportTest {
    private static final int HEAP_MB = 32;
    private static final int ROWS = 40_000;

    @TempDir
    Path dir;

    @Test
    void jsonArrayFourTimesTheHeapImportsInAChildJvm() throws Exception {
        Path file = dir.resolve("big.json");
        String completion = "word ".repeat(600);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("[\n");
            for (int i = 0; i < ROWS; i++) {
                out.write("  {\"prompt\": \"prompt " + i + "\", \"completion\": \"" + completion + i
                        + "\", \"label\": " + (i % 2 == 0) + ", \"score\": 1.50}" + (i + 1 < ROWS ? ",\n" : "\n"));
            }
            out.write("]\n");
        }
        long size = Files.size(file);
        assertTrue(size > 3.5 * HEAP_MB * (1 << 20), "file of " + size + " bytes");

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MB + "m", "-cp", System.getProperty("java.class.path"), Cli.class.getName(),
                "import", file.toString(), "--workspace", dir.resolve("ws").toString(), "--name", "big")
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("imported 'big': " + ROWS + " rows"), output);
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            assertEquals(ROWS, ws.datasets().get("big").rows());
        }
    }
}
