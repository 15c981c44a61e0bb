package org.ktoworkbench.model.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading on a worker thread gives what a direct read gives, and failures on either side reach the caller. */
class ReadAheadTest {
    private static final int ROWS = ReadAhead.BATCH * (ReadAhead.BATCHES_AHEAD + 3) + 17;

    @TempDir
    Path dir;

    private Path file() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            text.append("{\"prompt\":\"p").append(i).append("\",\"completion\":\"c\",\"label\":").append(i % 3 == 0).append("}\n");
        }
        text.append("{\"prompt\":\"bad\"}\n");
        return Files.writeString(dir.resolve("rows.jsonl"), text);
    }

    @Test
    void rowsArriveInFileOrderWithTheSameResultAsADirectRead() throws IOException {
        Path file = file();
        DatasetReader reader = new DatasetReader(null, null);
        List<DatasetRow> direct = new ArrayList<>();
        DatasetReader.Result expected = reader.read(file, direct::add);
        List<DatasetRow> ahead = new ArrayList<>();
        DatasetReader.Result result = ReadAhead.read(reader, file, ahead::add, bytes -> { });
        assertEquals(expected, result);
        assertEquals(ROWS, ahead.size());
        assertEquals(direct, ahead);
        assertFalse(readAheadThreadAlive());
    }

    @Test
    void aSinkThatFailsStopsTheWorkerAndItsExceptionReachesTheCaller() throws IOException {
        Path file = file();
        IllegalStateException thrown = new IllegalStateException("disk full");
        int[] seen = {0};
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ReadAhead.read(
                new DatasetReader(null, null), file, row -> {
                    if (++seen[0] == ReadAhead.BATCH + 1) {
                        throw thrown;
                    }
                }, bytes -> { }));
        assertSame(thrown, e);
        assertFalse(readAheadThreadAlive(), "the worker ended before the caller heard of the failure");
    }

    @Test
    void aFailureWhileReadingReachesTheCallerAsThrown() {
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class, () -> ReadAhead.read(
                new DatasetReader(null, null), dir.resolve("absent.jsonl"), row -> { }, bytes -> { }));
        assertTrue(e.getMessage().endsWith("absent.jsonl: no such file"), e.getMessage());
        assertFalse(readAheadThreadAlive());
    }

    @Test
    void aStartedReadWaitsForTheCallerAndClosingItUntakenStopsTheWorker() throws IOException {
        Path file = file();
        List<DatasetRow> seen = new ArrayList<>();
        try (ReadAhead.Running<DatasetRow> running = ReadAhead.start(new DatasetReader(null, null), file,
                row -> { seen.add(row); return row; }, bytes -> { })) {
            waitUntil(() -> seen.size() >= ReadAhead.BATCH * ReadAhead.BATCHES_AHEAD);
            assertTrue(readAheadThreadAlive(), "the worker waits for room while nobody takes its rows");
            assertTrue(seen.size() < ROWS, "it read no further than the batches that wait: " + seen.size());
        }
        assertFalse(readAheadThreadAlive(), "closing the untaken read ended the worker");
    }

    @Test
    void aStartedReadHandsOverEveryRowOnce() throws IOException {
        Path file = file();
        DatasetReader reader = new DatasetReader(null, null);
        List<DatasetRow> direct = new ArrayList<>();
        DatasetReader.Result expected = reader.read(file, direct::add);
        List<DatasetRow> ahead = new ArrayList<>();
        try (ReadAhead.Running<DatasetRow> running = ReadAhead.start(reader, file, row -> row, bytes -> { })) {
            assertEquals(expected, running.drainTo(ahead::add));
            assertThrows(IllegalStateException.class, () -> running.drainTo(ahead::add));
        }
        assertEquals(direct, ahead);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out");
            Thread.onSpinWait();
        }
    }

    private static boolean readAheadThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("read-ahead ") && t.isAlive());
    }
}
