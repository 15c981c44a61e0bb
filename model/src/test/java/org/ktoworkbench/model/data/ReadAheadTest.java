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
                row -> {
                    synchronized (seen) {
                        seen.add(row);
                    }
                    return row;
                }, bytes -> { })) {
            waitUntil(() -> sizeOf(seen) >= ReadAhead.FIRST_BATCH * ((1 << ReadAhead.BATCHES_AHEAD) - 1));
            int read = settled(seen);
            assertTrue(readAheadThreadAlive(), "the worker waits for room while nobody takes its rows");
            assertTrue(read < ROWS, "it read no further than the batches that wait and the one it holds: " + read);
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

    /** The size of {@code seen} once it has not grown for half a second. */
    private static int settled(List<DatasetRow> seen) {
        int size;
        do {
            synchronized (seen) {
                size = seen.size();
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        } while (sizeOf(seen) != size);
        return size;
    }

    private static int sizeOf(List<DatasetRow> seen) {
        synchronized (seen) {
            return seen.size();
        }
    }

    /**
     * The first batches are small, doubling up to a full one, so the caller gets rows while the parser is still cold:
     * held at its first row, the caller has one batch and the worker the four that wait plus the one it fills.
     */
    @Test
    void theFirstBatchesAreSmallAndDoubleUpToAFullOne() throws IOException {
        Path file = file();
        List<DatasetRow> prepared = new ArrayList<>();
        int[] preparedAtFirstRow = {-1};
        ReadAhead.read(new DatasetReader(null, null), file, row -> {
            synchronized (prepared) {
                prepared.add(row);
            }
            return row;
        }, row -> {
            if (preparedAtFirstRow[0] < 0) preparedAtFirstRow[0] = settled(prepared);
        }, bytes -> { });
        int expected = 0;
        for (int rows = ReadAhead.FIRST_BATCH, batches = 0; batches < 1 + ReadAhead.BATCHES_AHEAD + 1; batches++) {
            expected += rows;
            rows = Math.min(ReadAhead.BATCH, 2 * rows);
        }
        assertEquals(32 + 64 + 128 + 256 + 512 + 1000, expected);
        assertEquals(expected, preparedAtFirstRow[0]);
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
