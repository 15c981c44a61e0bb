package org.ktoworkbench.model.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two processes on one workspace: a second JVM logs metrics while this one opens the same fresh
 * workspace, imports a dataset (a long write) and reads the other's metrics as they arrive.
 */
class ConcurrentProcessTest {
    private static final int CHILD_STEPS = 400;

    @TempDir
    Path dir;

    @Test
    void twoProcessesShareAWorkspaceWithoutCorruptingIt() throws Exception {
        Path wsDir = dir.resolve("ws");
        Path data = dir.resolve("big.jsonl");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            rows.append("{\"prompt\":\"prompt ").append(i % 997).append("\",\"completion\":\"completion text ").append(i)
                    .append("\",\"label\":").append(i % 3 == 0).append("}\n");
        }
        WorkspaceFixture.write(dir, "big.jsonl", rows.toString());

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ConcurrentWriterMain.class.getName(),
                wsDir.toString(), String.valueOf(CHILD_STEPS))
                .redirectErrorStream(true).start();
        long lastSeen = -1;
        int readsWhileChildRan = 0;
        try (Workspace ws = Workspace.open(wsDir)) {
            long own = ws.runs().createRun("parent", "sft", null, "{}", null);
            ws.datasets().importFile(data, ImportOptions.strict("big"));
            int step = 0;
            while (child.isAlive()) {
                ws.runs().appendMetrics(own, ++step, java.util.Map.of("loss", 1.0 / step));
                Optional<RunInfo> childRun = ws.runs().listRuns().stream().filter(r -> r.name().equals("child")).findFirst();
                if (childRun.isPresent()) {
                    long seen = ws.runs().metrics(childRun.get().id()).size();
                    assertTrue(seen >= lastSeen, "metrics went backwards");
                    assertEquals(0, seen % 10, "a step was seen half written");
                    lastSeen = seen;
                    readsWhileChildRan++;
                }
                Thread.sleep(10);
            }
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.contains("child done"), output);

            RunInfo childRun = ws.runs().listRuns().stream().filter(r -> r.name().equals("child")).findFirst().orElseThrow();
            assertEquals(RunStatus.COMPLETED, childRun.status());
            assertEquals(CHILD_STEPS * 10, ws.runs().metrics(childRun.id()).size());
            assertEquals(20_000, ws.datasets().get("big").rows());
            assertEquals(step, ws.runs().metrics(own).size());
        } finally {
            child.destroy();
        }
        System.out.println("reads of the child's metrics while it ran: " + readsWhileChildRan);
        assertEquals("ok", integrityCheck(wsDir));
    }

    private static String integrityCheck(Path wsDir) throws SQLException, IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + wsDir.resolve(Workspace.DATABASE_FILE));
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA integrity_check")) {
            return r.getString(1);
        }
    }
}
