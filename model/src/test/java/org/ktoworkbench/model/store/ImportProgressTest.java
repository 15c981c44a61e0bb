package org.ktoworkbench.model.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImportProgressTest {
    @TempDir
    Path dir;

    /** About 3.5 MiB of unpaired rows, so the reader reports progress a few times. */
    private Path bigFile(String name, int rows) throws IOException {
        Path file = dir.resolve(name);
        try (Writer w = Files.newBufferedWriter(file)) {
            for (int i = 0; i < rows; i++) {
                w.write("{\"prompt\":\"question number " + i + " about something long enough\",\"completion\":\"answer "
                        + i + " with a little more text to fill the line\",\"label\":" + (i % 3 != 0) + "}\n");
            }
        }
        return file;
    }

    private static final class Recorder implements ImportProgress {
        final List<Long> read = new ArrayList<>();
        long total = -2;
        int committing;
        int cancelAfterReports = Integer.MAX_VALUE;

        @Override
        public void reading(long bytesRead, long totalBytes) {
            read.add(bytesRead);
            total = totalBytes;
        }

        @Override
        public void committing() {
            committing++;
        }

        @Override
        public boolean isCancelled() {
            return read.size() >= cancelAfterReports;
        }
    }

    @Test
    void importReportsBytesReadThenCommitting() throws IOException {
        Path file = bigFile("big.jsonl", 30_000);
        Recorder progress = new Recorder();
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            ImportReport report = ws.datasets().importFile(file, ImportOptions.strict(null), progress);
            assertEquals(30_000, report.dataset().rows());
        }
        long size = Files.size(file);
        assertEquals(size, progress.total);
        assertTrue(progress.read.size() >= 3, "about once per MiB of " + size + " bytes: " + progress.read);
        for (int i = 1; i < progress.read.size(); i++) {
            assertTrue(progress.read.get(i) > progress.read.get(i - 1), progress.read.toString());
        }
        assertTrue(progress.read.get(progress.read.size() - 1) <= size);
        assertEquals(1, progress.committing);
    }

    @Test
    void aCancelledReplaceLeavesTheOldDatasetAsItWas() throws IOException {
        Path small = bigFile("rows.jsonl", 100);
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            ws.datasets().importFile(small, ImportOptions.strict("rows"));
            Path big = bigFile("bigger.jsonl", 30_000);
            Recorder progress = new Recorder();
            progress.cancelAfterReports = 1;
            ImportCancelledException e = assertThrows(ImportCancelledException.class, () ->
                    ws.datasets().importFile(big, ImportOptions.strict("rows").replacing(), progress));
            assertEquals(big + ": import cancelled; nothing was imported", e.getMessage());
            assertEquals(1, progress.read.size(), "stopped at the first check after it was asked to");
            assertEquals(0, progress.committing);
            assertEquals(List.of("rows"), ws.datasets().list().stream().map(DatasetInfo::name).toList());
            assertEquals(100, ws.datasets().get("rows").rows());
            assertEquals(100, ws.datasets().examples("rows").size());
        }
    }
}
