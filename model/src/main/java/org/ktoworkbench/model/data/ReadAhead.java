package org.ktoworkbench.model.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongConsumer;

/**
 * Reads a dataset file on a worker thread while the calling thread takes the rows, so reading, parsing and
 * validating overlap with whatever the caller does with them (an import: inserting into SQLite, which must
 * stay on the thread of its transaction). At most {@link #BATCHES_AHEAD} batches of at most {@link #BATCH}
 * rows or {@link #BATCH_CHARS} characters (plus the row that crosses it) wait between the two, so memory
 * stays bounded whatever the size of the rows. Whatever either side throws reaches the caller as it was thrown, after the worker
 * has ended; {@code bytesRead} is called on the worker. A {@code prepare} step, when given, also runs on the worker: the
 * part of the caller's work on each row that needs none of the caller's state (an import: the row's metadata as JSON).
 */
public final class ReadAhead {
    static final int BATCH = 1_000;
    static final int FIRST_BATCH = 32;
    static final long BATCH_CHARS = 1 << 19;
    static final int BATCHES_AHEAD = 4;
    private static final List<Object> END = new ArrayList<>(0);

    private ReadAhead() {
    }

    public static DatasetReader.Result read(DatasetReader reader, Path file, Consumer<DatasetRow> sink,
                                            LongConsumer bytesRead) {
        return read(reader, file, row -> row, sink, bytesRead);
    }

    /** As {@link #read(DatasetReader, Path, Consumer, LongConsumer)}, each row turned by {@code prepare} on the worker. */
    public static <T> DatasetReader.Result read(DatasetReader reader, Path file, Function<DatasetRow, T> prepare,
                                                Consumer<T> sink, LongConsumer bytesRead) {
        try (Running<T> running = start(reader, file, prepare, bytesRead)) {
            return running.drainTo(sink);
        }
    }

    /**
     * Starts the worker and returns at once: the caller takes the rows later ({@link Running#drainTo}), so reading
     * overlaps whatever it does first (an import: opening the workspace and beginning its transaction). Until then the
     * worker reads no further than the batches that wait for the caller.
     */
    public static <T> Running<T> start(DatasetReader reader, Path file, Function<DatasetRow, T> prepare,
                                       LongConsumer bytesRead) {
        Worker<T> worker = new Worker<>(reader, file, prepare, bytesRead);
        Thread thread = new Thread(worker, "read-ahead " + file.getFileName());
        thread.setDaemon(true);
        thread.start();
        return new Running<>(worker, thread, file);
    }

    /** A started read; closing it before the rows are taken stops the worker and waits for it to end. */
    public static final class Running<T> implements AutoCloseable {
        private final Worker<T> worker;
        private final Thread thread;
        private final Path file;
        private boolean drained;

        private Running(Worker<T> worker, Thread thread, Path file) {
            this.worker = worker;
            this.thread = thread;
            this.file = file;
        }

        /** Hands every row to {@code sink} on the calling thread, in file order; call once. */
        public DatasetReader.Result drainTo(Consumer<T> sink) {
            if (drained) throw new IllegalStateException("the rows of " + file + " were already taken");
            drained = true;
            try {
                for (List<T> rows = worker.queue.take(); rows != END; rows = worker.queue.take()) {
                    rows.forEach(sink);
                }
            } catch (InterruptedException e) {
                stop(worker, thread);
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading " + file, e);
            } catch (RuntimeException | Error e) {
                stop(worker, thread);
                throw e;
            }
            join(thread);
            if (worker.failure instanceof RuntimeException e) {
                throw e;
            }
            if (worker.failure instanceof Error e) {
                throw e;
            }
            return worker.result;
        }

        @Override
        public void close() {
            if (thread.isAlive()) stop(worker, thread);
        }
    }

    /** Tells the worker its rows are no longer wanted and waits for it to end. */
    private static void stop(Worker<?> worker, Thread thread) {
        worker.abandoned = true;
        worker.queue.clear();
        join(thread);
    }

    private static void join(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class Worker<T> implements Runnable {
        final BlockingQueue<List<T>> queue = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        final DatasetReader reader;
        final Path file;
        final Function<DatasetRow, T> prepare;
        final LongConsumer bytesRead;
        volatile boolean abandoned;
        DatasetReader.Result result;
        Throwable failure;
        /**
         * Rows in the batch being filled: the first batches are small and each doubles up to {@link #BATCH}, so the
         * caller gets its first rows while the parser is still cold instead of waiting for a thousand of them.
         */
        int batchRows = FIRST_BATCH;
        List<T> batch = new ArrayList<>(FIRST_BATCH);
        long batchChars;

        Worker(DatasetReader reader, Path file, Function<DatasetRow, T> prepare, LongConsumer bytesRead) {
            this.reader = reader;
            this.file = file;
            this.prepare = prepare;
            this.bytesRead = bytesRead;
        }

        @Override
        public void run() {
            try {
                result = reader.read(file, this::add, bytesRead);
                hand(batch);
            } catch (Abandoned e) {
                return;
            } catch (Throwable t) {
                failure = t;
            }
            try {
                hand(end());
            } catch (Abandoned e) {
                // the caller has stopped waiting
            }
        }

        @SuppressWarnings("unchecked")
        private List<T> end() {
            return (List<T>) END;
        }

        private void add(DatasetRow row) {
            batch.add(prepare.apply(row));
            batchChars += row.length();
            if (batch.size() >= batchRows || batchChars >= BATCH_CHARS) {
                hand(batch);
                batchRows = Math.min(BATCH, 2 * batchRows);
                batch = new ArrayList<>(batchRows);
                batchChars = 0;
            }
        }

        private void hand(List<T> rows) {
            try {
                while (!queue.offer(rows, 50, TimeUnit.MILLISECONDS)) {
                    if (abandoned) {
                        throw new Abandoned();
                    }
                }
            } catch (InterruptedException e) {
                throw new Abandoned();
            }
        }
    }

    /** Unwinds the worker's read once the caller has stopped taking rows. */
    private static final class Abandoned extends RuntimeException {
        Abandoned() {
            super(null, null, false, false);
        }
    }
}
