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

/**
 * Files several times larger than the heap import in a child JVM: a JSON array is streamed, not read whole,
 * and rows wait between reader and database in batches bounded by size, not only by count.
 */
class LargeFileImportTest {
    private static final int HEAP_MB = 32;
    private static final int ROWS = 35_000;

    @TempDir
    Path dir;

    @Test
    void jsonArrayThreeTimesTheHeapImportsInAChildJvm() throws Exception {
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
        assertImportsUnderTheSmallHeap(file, ROWS);
    }

    @Test
    void jsonlOfLongRowsThreeTimesTheHeapImportsInAChildJvm() throws Exception {
        Path file = dir.resolve("long-rows.jsonl");
        int rows = 420;
        String completion = "word ".repeat(50_000); // 250 KB: a few hundred rows fill a count-only batch
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < rows; i++) {
                out.write("{\"prompt\": \"prompt " + i + "\", \"completion\": \"" + completion + i
                        + "\", \"label\": " + (i % 2 == 0) + "}\n");
            }
        }
        assertImportsUnderTheSmallHeap(file, rows);
    }

    private void assertImportsUnderTheSmallHeap(Path file, int rows) throws Exception {
        long size = Files.size(file);
        assertTrue(size > 3 * HEAP_MB * (1 << 20), "file of " + size + " bytes");

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + HEAP_MB + "m", "-cp", System.getProperty("java.class.path"), Cli.class.getName(),
                "import", file.toString(), "--workspace", dir.resolve("ws").toString(), "--name", "big")
                .redirectErrorStream(true).start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("imported 'big': " + rows + " rows"), output);
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            assertEquals(rows, ws.datasets().get("big").rows());
        }
    }
}
