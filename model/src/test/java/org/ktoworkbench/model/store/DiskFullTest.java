package org.ktoworkbench.model.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A full disk (SQLITE_FULL, here from a page limit on the real connection, as a 2 MB tmpfs gives) is
 * reported as such, naming the database file, and the workspace keeps what it had.
 */
class DiskFullTest {
    private static final String ROW = "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":true}\n";

    @TempDir
    Path dir;

    @Test
    void importOnAFullDiskSaysSoAndLosesNothing() throws IOException {
        Path wsDir = dir.resolve("ws");
        try (Workspace ws = Workspace.open(wsDir)) {
            ws.datasets().importFile(WorkspaceFixture.write(dir, "small.jsonl", ROW + ROW), ImportOptions.strict("small"));
        }
        String before = WorkspaceFixture.databaseHash(wsDir);
        StringBuilder big = new StringBuilder();
        for (int i = 0; i < 5_000; i++) {
            big.append("{\"prompt\":\"prompt ").append(i).append("\",\"completion\":\"")
                    .append("a completion that takes room ".repeat(4)).append("\",\"label\":true}\n");
        }
        Path file = WorkspaceFixture.write(dir, "big.jsonl", big.toString());

        try (Workspace ws = Workspace.open(wsDir)) {
            limitRoom(ws, 80_000);
            StoreException e = assertThrows(StoreException.class,
                    () -> ws.datasets().importFile(file, ImportOptions.strict("big")));
            assertTrue(e.getMessage().contains("the disk is full"), e.getMessage());
            assertTrue(e.getMessage().contains(wsDir.resolve(Workspace.DATABASE_FILE).toString()), e.getMessage());
            assertTrue(e.getMessage().contains("nothing stored before was lost"), e.getMessage());
            assertFalse(e.getMessage().contains("no transaction is active"), e.getMessage());
            assertEquals(2, ws.datasets().get("small").rows());
            assertTrue(ws.datasets().find("big").isEmpty());
        }
        assertEquals(before, WorkspaceFixture.databaseHash(wsDir), "workspace file changed");
    }

    @Test
    void theConnectionWritesAgainOnceThereIsRoom() throws IOException {
        Path wsDir = dir.resolve("ws");
        Path file = WorkspaceFixture.write(dir, "rows.jsonl", (ROW.replace("\"c\"", "\"" + "c".repeat(3000) + "\"")).repeat(50));
        try (Workspace ws = Workspace.open(wsDir)) {
            limitRoom(ws, 20_000);
            assertThrows(StoreException.class, () -> ws.datasets().importFile(file, ImportOptions.strict("rows")));
            limitRoom(ws, 1L << 32);
            ws.datasets().importFile(file, ImportOptions.strict("rows"));
            assertEquals(50, ws.datasets().get("rows").rows());
        }
    }

    /** Lets the database file grow by about {@code bytes} more (at least one page) before SQLite reports it full. */
    private static void limitRoom(Workspace ws, long bytes) {
        ws.database().read(c -> {
            try (Statement s = c.createStatement()) {
                long pages;
                long pageSize;
                try (ResultSet r = s.executeQuery("PRAGMA page_count")) {
                    pages = r.getLong(1);
                }
                try (ResultSet r = s.executeQuery("PRAGMA page_size")) {
                    pageSize = r.getLong(1);
                }
                s.execute("PRAGMA max_page_count = " + (pages + Math.max(1, bytes / pageSize)));
            }
            return null;
        });
    }
}
