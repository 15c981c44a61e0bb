package org.ktoworkbench.model.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkspaceTest {
    @TempDir
    Path dir;

    @Test
    void createsDirectoryAndDatabaseInWalModeAtTheLatestSchema() throws SQLException {
        Path wsDir = dir.resolve("a/b/ws");
        try (Workspace ws = Workspace.open(wsDir)) {
            assertEquals(wsDir, ws.directory());
            assertEquals(Migrations.LATEST, ws.schemaVersion());
        }
        assertTrue(Files.isRegularFile(wsDir.resolve(Workspace.DATABASE_FILE)));
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + wsDir.resolve(Workspace.DATABASE_FILE));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA journal_mode")) {
            assertEquals("wal", r.getString(1));
        }
    }

    @Test
    void foreignKeysAreEnforced() {
        try (Workspace ws = Workspace.open(dir)) {
            StoreException e = assertThrows(StoreException.class, () -> ws.runs().addCheckpoint(42, 1, "x"));
            assertEquals("no run with id 42", e.getMessage());
        }
    }

    @Test
    void migratesAnOlderWorkspaceKeepingItsData() throws IOException {
        Path data = WorkspaceFixture.write(dir, "d.jsonl", "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":true}\n");
        Path wsDir = dir.resolve("ws");
        try (Workspace v1 = Workspace.open(wsDir, 1)) {
            assertEquals(1, v1.schemaVersion());
            v1.datasets().importFile(data, ImportOptions.strict("d"));
        }
        try (Workspace latest = Workspace.open(wsDir)) {
            assertEquals(Migrations.LATEST, latest.schemaVersion());
            assertEquals(1, latest.datasets().examples("d").size());
            long run = latest.runs().createRun("r", "kto", "d", "{}", null);
            assertEquals("d", latest.runs().run(run).orElseThrow().datasetName());
        }
    }

    @Test
    void refusesAWorkspaceFromANewerVersion() throws SQLException {
        Path wsDir = dir.resolve("ws");
        Workspace.open(wsDir).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + wsDir.resolve(Workspace.DATABASE_FILE));
             Statement s = c.createStatement()) {
            s.execute("PRAGMA user_version = 99");
        }
        StoreException e = assertThrows(StoreException.class, () -> Workspace.open(wsDir));
        assertTrue(e.getMessage().contains("newer"), e.getMessage());
    }

    @Test
    void aFileThatIsNotADatabaseGivesAClearError() throws IOException {
        Path wsDir = dir.resolve("ws");
        Files.createDirectories(wsDir);
        Files.writeString(wsDir.resolve(Workspace.DATABASE_FILE), "this is not sqlite, just some text of sufficient length to look like a header...");
        StoreException e = assertThrows(StoreException.class, () -> Workspace.open(wsDir));
        assertTrue(e.getMessage().contains(Workspace.DATABASE_FILE), e.getMessage());
    }

    @Test
    void defaultDirectoryIsUnderTheUsersHomeUnlessTheVariableIsSet() {
        String variable = System.getenv(Workspace.HOME_VARIABLE);
        Path expected = variable != null && !variable.isBlank() ? Path.of(variable)
                : Path.of(System.getProperty("user.home"), ".kto-workbench");
        assertEquals(expected, Workspace.defaultDirectory());
    }
}
