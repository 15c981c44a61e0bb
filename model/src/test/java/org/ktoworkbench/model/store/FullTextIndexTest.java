package org.ktoworkbench.model.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The full-text index is filled batch by batch as rows are written: after an import of several batches, and after a
 * subsample, FTS5's own integrity check finds it matching the examples table, and rows of the first, a middle and the
 * last batch are found. New workspaces use {@link Database#PAGE_SIZE} pages.
 */
class FullTextIndexTest {
    private static final int ROWS = 5_003; // three inserter batches of 2,000 and a short one

    @TempDir
    Path dir;

    @Test
    void aManyBatchImportAndASubsampleAreIndexedRowForRow() throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < ROWS; i++) {
            text.append("{\"prompt\":\"question number ").append(i).append(" marker").append(i)
                    .append("\",\"completion\":\"answer ").append(i).append("\",\"label\":").append(i % 2 == 0).append("}\n");
        }
        Path file = WorkspaceFixture.write(dir, "many.jsonl", text.toString());
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            ws.datasets().importFile(file, ImportOptions.strict("many"));
            for (int i : new int[] {0, 2_500, ROWS - 1}) {
                List<SearchHit> hits = ws.datasets().search("many", "marker" + i, 5);
                assertEquals(1, hits.size(), "marker" + i);
            }
            assertEquals(ROWS, ws.datasets().search("many", "question", ROWS + 10).size());
            DatasetInfo half = ws.datasets().subsample("many", "half", false, 0.5, 1);
            assertEquals(half.rows(), ws.datasets().search("half", "question", ROWS).size());
            ws.database().read(c -> {
                try (Statement s = c.createStatement()) {
                    // FTS5 checks that the index holds exactly the content table's rows; it throws when not
                    s.execute("INSERT INTO examples_fts (examples_fts, rank) VALUES ('integrity-check', 1)");
                    try (ResultSet r = s.executeQuery("PRAGMA page_size")) {
                        assertEquals(Database.PAGE_SIZE, r.getInt(1));
                    }
                }
                return null;
            });
        }
    }
}
