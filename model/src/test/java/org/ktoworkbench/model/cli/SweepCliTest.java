package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepCliTest {
    @TempDir
    Path tmp;

    @Test
    void createRunShowListAndCsv() throws Exception {
        Path config = tmp.resolve("tiny.json");
        Files.writeString(config, """
                {"model": {"layers": 1, "dModel": 32, "heads": 2, "contextLength": 32}, "sftSteps": 8, "steps": 4,
                 "batchSize": 4, "evalEvery": 4, "evalPrompts": 4, "maxNewTokens": 4, "checkpointEvery": 0}
                """);
        String ws = tmp.resolve("ws").toString();
        assertEquals(0, CliRunner.run("train", "--workspace", ws, "--config", config.toString(), "--steps", "0",
                "--sft-steps", "1").code(), "imports the embedded sample");

        CliRunner.Result created = CliRunner.run("sweep", "create", "--workspace", ws, "--config", config.toString(),
                "--grid", "beta=0.1,0.3", "--seeds", "2", "--name", "betas");
        assertEquals(0, created.code(), created.err());
        String id = created.out().strip();
        CliRunner.Result pending = CliRunner.run("sweep", "show", "--workspace", ws, id);
        assertEquals(0, pending.code(), pending.err());
        assertEquals(4, pending.out().lines().filter(l -> l.contains(" pending")).count(), pending.out());

        CliRunner.Result ran = CliRunner.run("sweep", "run", "--workspace", ws, id);
        assertEquals(0, ran.code(), ran.err());
        assertTrue(ran.out().contains("sweep " + id + ": completed"), ran.out());
        Path csv = tmp.resolve("betas.csv");
        CliRunner.Result shown = CliRunner.run("sweep", "show", "--workspace", ws, id, "--csv", csv.toString());
        assertEquals(0, shown.code(), shown.err());
        assertEquals(1, shown.out().lines().filter(l -> l.startsWith("*")).count(), "one best row:\n" + shown.out());
        List<String> lines = Files.readAllLines(csv);
        assertEquals("point,beta,seed,status,winrate,lower95,upper95,run_id,note", lines.get(0));
        assertEquals(5, lines.size());
        assertTrue(lines.subList(1, 5).stream().allMatch(l -> l.contains(",completed,")), lines.toString());
        CliRunner.Result again = CliRunner.run("sweep", "show", "--workspace", ws, id, "--csv", csv.toString());
        assertEquals(1, again.code(), "an existing CSV is not replaced without --force");

        CliRunner.Result list = CliRunner.run("sweep", "list", "--workspace", ws);
        assertTrue(list.out().lines().anyMatch(l -> l.matches("\\s*" + id + "\\s+betas\\s+completed\\s+4\\s+4\\s+#\\d winrate .*")),
                list.out());

        CliRunner.Result bad = CliRunner.run("sweep", "create", "--workspace", ws, "--config", config.toString(),
                "--grid", "betta=0.1");
        assertEquals(1, bad.code());
        assertTrue(bad.err().startsWith("error: sweep point {\"betta\":0.1,\"seed\":42}: unknown field 'betta'"), bad.err());
    }
}
