package org.ktoworkbench.model.store;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.data.Example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

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
    void theFullTextIndexBuffers64MiBOfTermsBeforeWritingASegment() throws SQLException {
        Workspace.open(dir).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(Workspace.DATABASE_FILE));
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT v FROM examples_fts_config WHERE k = 'hashsize'")) {
            assertTrue(r.next(), "hashsize is set");
            assertEquals(64L << 20, r.getLong(1));
        }
    }

    @Test
    void foreignKeysAreEnforced() {
        try (Workspace ws = Workspace.open(dir)) {
            StoreException e = assertThrows(StoreException.class, () -> ws.runs().addCheckpoint(42, 1, dir.resolve("x")));
            assertEquals("no run with id 42", e.getMessage());
        }
    }

    /**
     * A version-1 workspace, written as the program of that version wrote it (plain SQL: today's code reads columns
     * that did not exist then), holding a split dataset; opening it migrates every step and keeps the data.
     */
    @Test
    void migratesAnOlderWorkspaceKeepingItsData() throws SQLException {
        Path wsDir = dir.resolve("ws");
        atStep(wsDir, 1,
                "INSERT INTO datasets (id, name, source, format, created_at, row_count, desirable_count, eval_count,"
                        + " eval_fraction, split_seed) VALUES (1, 'd', 'd.jsonl', 'unpaired', '2026-01-01T00:00:00Z', 4, 3, 2, 0.5, 7)",
                "INSERT INTO examples (dataset_id, ordinal, source_line, prompt, completion, desirable, is_eval) VALUES"
                        + " (1, 0, 1, 'p', 'a', 1, 0), (1, 1, 2, 'p', 'b', 0, 0), (1, 2, 3, 'q', 'c', 1, 1), (1, 3, 4, 'q', 'd', 1, 1)");
        try (Workspace latest = Workspace.open(wsDir)) {
            assertEquals(Migrations.LATEST, latest.schemaVersion());
            DatasetInfo d = latest.datasets().get("d");
            assertEquals(4, latest.datasets().examples("d").size());
            assertEquals(2, d.evalDesirable(), "step 4 counts the desirable eval rows of existing datasets");
            assertEquals(1, d.trainDesirable());
            assertEquals(1, d.trainUndesirable());
            assertEquals(2, latest.datasets().search("d", "q", 10).size(), "step 5 rebuilds the full-text index over existing rows");
            long run = latest.runs().createRun("r", "kto", "d", "{}", null);
            assertEquals("d", latest.runs().run(run).orElseThrow().datasetName());
        }
    }

    /** Step 12 rebuilds the full-text index of a step-11 workspace without positions or columns; search finds the same rows. */
    @Test
    void theFullTextIndexOfAnOlderWorkspaceIsRebuiltWithoutColumnsAndStillFindsItsRows() throws SQLException {
        Path wsDir = dir.resolve("ws");
        atStep(wsDir, 11,
                "INSERT INTO datasets (id, name, source, format, created_at, row_count, desirable_count)"
                        + " VALUES (1, 'd', 'd.jsonl', 'unpaired', '2026-01-01T00:00:00Z', 3, 2)",
                "INSERT INTO examples (id, dataset_id, ordinal, source_line, prompt, completion, desirable) VALUES"
                        + " (1, 1, 0, 1, 'the blue whale', 'swims far', 1), (2, 1, 1, 2, 'a red fox', 'the blue sky', 0),"
                        + " (3, 1, 2, 3, 'a grey cat', 'sleeps', 1)",
                "INSERT INTO examples_fts (rowid, prompt, completion) SELECT id, prompt, completion FROM examples");
        assertTrue(ftsDefinition(wsDir).contains("detail=column"), ftsDefinition(wsDir));
        try (Workspace latest = Workspace.open(wsDir)) {
            assertTrue(ftsDefinition(wsDir).contains("detail=none"), ftsDefinition(wsDir));
            List<SearchHit> hits = latest.datasets().search("d", "blue", 10);
            assertEquals(List.of(0L, 1L), hits.stream().map(SearchHit::ordinal).toList());
            assertEquals("the [blue] whale", hits.get(0).promptSnippet());
            assertEquals("the [blue] sky", hits.get(1).completionSnippet());
            assertEquals(1, latest.datasets().search("d", "grey sleeps", 10).size(), "tokens of either column, ANDed");
        }
    }

    /**
     * Step 13 renumbers a step-12 workspace's rows into one id run per dataset in file order (here two datasets whose
     * rows were interleaved and out of order), drops the (dataset_id, ordinal) index and the foreign key, and rebuilds
     * the full-text index over the new ids: rows, order, search and delete all act per dataset as before.
     */
    @Test
    void datasetsOfAnOlderWorkspaceBecomeOneIdRangeEach() throws SQLException {
        Path wsDir = dir.resolve("ws");
        atStep(wsDir, 12,
                "INSERT INTO datasets (id, name, source, format, created_at, row_count, desirable_count) VALUES"
                        + " (1, 'one', 'one.jsonl', 'unpaired', '2026-01-01T00:00:00Z', 3, 2),"
                        + " (2, 'two', 'two.jsonl', 'unpaired', '2026-01-01T00:00:00Z', 2, 1)",
                "INSERT INTO examples (id, dataset_id, ordinal, source_line, prompt, completion, desirable, is_eval)"
                        + " VALUES (10, 1, 2, 3, 'third of one', 'zebra', 1, 1), (11, 2, 0, 1, 'first of two', 'zebra', 0, 0),"
                        + " (12, 1, 0, 1, 'first of one', 'lion', 1, 0), (13, 2, 1, 2, 'second of two', 'lion', 1, 0),"
                        + " (14, 1, 1, 2, 'second of one', 'zebra', 0, 0)",
                "INSERT INTO examples_fts (rowid, prompt, completion) SELECT id, prompt, completion FROM examples");
        try (Workspace latest = Workspace.open(wsDir)) {
            assertEquals(List.of("first of one", "second of one", "third of one"),
                    latest.datasets().examples("one").stream().map(Example::prompt).toList());
            assertEquals(List.of("first of two", "second of two"),
                    latest.datasets().examples("two").stream().map(Example::prompt).toList());
            assertEquals(List.of("third of one"),
                    latest.datasets().examples("one", Split.EVAL).stream().map(Example::prompt).toList());
            assertEquals(List.of(1L, 2L), latest.datasets().search("one", "zebra", 10).stream().map(SearchHit::ordinal).toList());
            assertEquals(List.of(0L), latest.datasets().search("two", "zebra", 10).stream().map(SearchHit::ordinal).toList());
            assertTrue(latest.datasets().delete("one"));
            assertEquals(List.of(1L), latest.datasets().search("two", "lion", 10).stream().map(SearchHit::ordinal).toList());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + wsDir.resolve(Workspace.DATABASE_FILE));
             Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("SELECT first_example_id, row_count FROM datasets WHERE name = 'two'")) {
                assertEquals(4, r.getLong(1), "renumbered after the three rows of 'one'");
                assertEquals(2, r.getLong(2));
            }
            try (ResultSet r = s.executeQuery("SELECT group_concat(id) FROM (SELECT id FROM examples ORDER BY id)")) {
                assertEquals("4,5", r.getString(1), "the deleted dataset's rows are gone");
            }
            try (ResultSet r = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name = 'examples_by_dataset'"
                    + " OR (name = 'examples' AND sql LIKE '%REFERENCES%')")) {
                assertEquals(0, r.getInt(1), "no per-row index and no cascading foreign key");
            }
            s.execute("INSERT INTO examples_fts (examples_fts, rank) VALUES ('integrity-check', 1)");
        }
    }

    /** A workspace at schema step {@code step}, holding what {@code statements} write in that step's plain SQL. */
    private static void atStep(Path wsDir, int step, String... statements) throws SQLException {
        Workspace.open(wsDir, step).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + wsDir.resolve(Workspace.DATABASE_FILE));
             Statement s = c.createStatement()) {
            for (String sql : statements) s.execute(sql);
        }
    }

    private static String ftsDefinition(Path wsDir) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + wsDir.resolve(Workspace.DATABASE_FILE));
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'examples_fts'")) {
            return r.getString(1);
        }
    }

    @Test
    void samplesStoredBeforeJudgeAnswersWereKeptReadWithoutOne() throws SQLException {
        Path wsDir = dir.resolve("ws");
        atStep(wsDir, 9,
                "INSERT INTO runs (id, name, kind, config_json, status, created_at, updated_at)"
                        + " VALUES (1, 'r', 'kto', '{}', 'COMPLETED', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')",
                "INSERT INTO samples (run_id, step, idx, prompt, reference_text, policy_text, verdict)"
                        + " VALUES (1, 10, 0, 'p', 'r', 'q', 'policy')");
        try (Workspace latest = Workspace.open(wsDir)) {
            assertEquals(Migrations.LATEST, latest.schemaVersion());
            assertEquals(List.of(new SampleRecord("p", "r", "q", "policy", null)), latest.runs().samples(1, 10));
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
    void refusesAnotherProgramsDatabaseLeavingItByteForByteAsItWas() throws Exception {
        Path wsDir = dir.resolve("ws");
        Files.createDirectories(wsDir);
        Path file = wsDir.resolve(Workspace.DATABASE_FILE);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
            s.execute("INSERT INTO customers (name) VALUES ('Ada'), ('Grace')");
        }
        String before = WorkspaceFixture.databaseHash(wsDir);

        StoreException e = assertThrows(StoreException.class, () -> Workspace.open(wsDir));
        assertTrue(e.getMessage().contains("not a KTO Workbench workspace"), e.getMessage());
        assertTrue(e.getMessage().contains("customers"), e.getMessage());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(before, WorkspaceFixture.databaseHash(wsDir), "the other program's file changed");
        try (var left = Files.list(wsDir)) {
            assertEquals(List.of(Workspace.DATABASE_FILE), left.map(p -> p.getFileName().toString()).toList(),
                    "no -wal/-shm or other file left behind");
        }
    }

    @Test
    void anEmptyFileIsInitialisedAsANewWorkspace() throws IOException {
        Path wsDir = dir.resolve("ws");
        Files.createDirectories(wsDir);
        Files.write(wsDir.resolve(Workspace.DATABASE_FILE), new byte[0]);
        try (Workspace ws = Workspace.open(wsDir)) {
            assertEquals(Migrations.LATEST, ws.schemaVersion());
            assertEquals(List.of(), ws.datasets().list());
        }
    }

    @Test
    void defaultDirectoryIsUnderTheUsersHomeUnlessTheVariableIsSet() {
        String variable = System.getenv(Workspace.HOME_VARIABLE);
        Path expected = variable != null && !variable.isBlank() ? Path.of(variable)
                : Path.of(System.getProperty("user.home"), ".kto-workbench");
        assertEquals(expected, Workspace.defaultDirectory());
    }
}
