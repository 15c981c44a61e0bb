package org.ktoworkbench.model.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The background flush of a growing log reaches the disk while the transaction runs, and ends with it. */
class WalSyncTest {
    @TempDir
    Path dir;

    @Test
    void flushesTheLogOfAnOpenTransactionAndStopsWhenClosed() {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            Database db = ws.database();
            long rows = db.write(c -> {
                try (Statement s = c.createStatement()) {
                    s.execute("PRAGMA cache_size=8"); // a small cache spills the transaction's pages into the log
                    s.execute("CREATE TABLE filler (x BLOB)");
                    try (WalSync sync = WalSync.start(db.file())) {
                        long deadline = System.nanoTime() + 20 * WalSync.INTERVAL_NANOS;
                        while (sync.flushes() == 0 && System.nanoTime() < deadline) {
                            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 16)"
                                    + " INSERT INTO filler SELECT randomblob(65536) FROM n");
                        }
                        assertTrue(db.file().resolveSibling("workspace.db-wal").toFile().length() > 0);
                        waitForFlush(sync);
                    }
                    assertFalse(syncThreadAlive(), "closing it ended its thread");
                    try (ResultSet r = s.executeQuery("SELECT count(*) FROM filler")) {
                        return r.getLong(1);
                    }
                }
            });
            assertTrue(rows > 0);
        }
    }

    @Test
    void aDatabaseWithoutALogIsLeftAlone() throws Exception {
        Path file = Files.writeString(dir.resolve("plain.db"), "");
        try (WalSync sync = WalSync.start(file)) {
            Thread.sleep(3 * WalSync.INTERVAL_NANOS / 1_000_000);
            assertEquals(0, sync.flushes());
        }
        assertFalse(Files.exists(dir.resolve("plain.db-wal")), "it never creates the log");
        assertFalse(syncThreadAlive());
    }

    private static void waitForFlush(WalSync sync) {
        long deadline = System.nanoTime() + 50 * WalSync.INTERVAL_NANOS;
        while (sync.flushes() == 0 && System.nanoTime() < deadline) Thread.onSpinWait();
        assertTrue(sync.flushes() > 0, "the log was flushed while the transaction ran");
    }

    private static boolean syncThreadAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.getName().startsWith("wal-sync ") && t.isAlive());
    }
}
