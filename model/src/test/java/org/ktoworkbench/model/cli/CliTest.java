package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.cli.CliRunner.Result;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliTest {
    @TempDir
    Path dir;

    private static Result cli(String... args) {
        return CliRunner.run(args);
    }

    private String ws() {
        return dir.resolve("ws").toString();
    }

    private Path dataFile() throws IOException {
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            rows.append("{\"prompt\":\"prompt ").append(i / 2).append("\",\"completion\":\"reply ").append(i)
                    .append(i == 7 ? " platypus" : "").append("\",\"label\":").append(i % 4 != 0).append("}\n");
        }
        Path file = dir.resolve("rows.jsonl");
        Files.writeString(file, rows);
        return file;
    }

    @Test
    void importListInspectSearchSplitSubsampleExport() throws IOException {
        Path file = dataFile();
        Result imported = cli("import", file.toString(), "--name", "rows", "--workspace", ws());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("imported 'rows': 40 rows (30 desirable, 10 undesirable), format unpaired"),
                imported.out());

        Result list = cli("datasets", "--workspace", ws());
        assertTrue(list.out().lines().anyMatch(l -> l.matches("rows\\s+40\\s+30\\s+10\\s+0\\s+unpaired\\s+.*")), list.out());

        assertEquals(0, cli("split", "rows", "--eval-fraction", "0.25", "--seed", "3", "--workspace", ws()).code());
        Result inspect = cli("inspect", "rows", "--lambda-d", "1", "--lambda-u", "2", "--workspace", ws());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.out().contains("rows: 40  desirable: 30  undesirable: 10"), inspect.out());
        assertTrue(inspect.out().contains("split: train 30 rows, eval 10 rows (eval fraction 0.25, seed 3)"), inspect.out());
        // the balance counts the rows that train: 21 desirable and 9 undesirable of the 30 (checked by SQL by hand)
        assertTrue(inspect.out().contains("balance (train split): λ_D·n_D / (λ_U·n_U) = 1.000·21 / (2.000·9) = 1.1667,"
                + " inside the paper's recommended [1, 4/3]"), inspect.out());
        Result unbalanced = cli("inspect", "rows", "--workspace", ws());
        assertTrue(unbalanced.out().contains("a λ_D in [0.4286, 0.5714]"), unbalanced.out());

        Result search = cli("search", "rows", "platypus", "--workspace", ws());
        assertTrue(search.out().contains("[platypus]"), search.out());
        assertTrue(search.out().lines().anyMatch(l -> l.startsWith("  8  desirable")), search.out());

        Result sub = cli("subsample", "rows", "--keep-desirable", "0.5", "--seed", "1", "--name", "half", "--workspace", ws());
        assertEquals(0, sub.code(), sub.err());
        assertTrue(sub.out().contains("created 'half': 25 rows (15 desirable, 10 undesirable)"), sub.out());

        Path out = dir.resolve("out.jsonl");
        assertEquals(0, cli("export", "rows", out.toString(), "--workspace", ws()).code());
        assertEquals(Files.readAllLines(file), Files.readAllLines(out));

        // the dataset's own source file is not rewritten unless asked
        cli("subsample", "rows", "--keep-desirable", "0.1", "--seed", "1", "--name", "tenth", "--workspace", ws());
        String source = Files.readString(file);
        Result refused = cli("export", "tenth", file.toString(), "--workspace", ws());
        assertEquals(1, refused.code());
        assertEquals("error: " + file + ": already exists; not replaced (--force replaces it)\n", refused.err());
        assertEquals(source, Files.readString(file));
        Result forced = cli("export", "tenth", out.toString(), "--force", "--workspace", ws());
        assertEquals(0, forced.code(), forced.err());
        assertEquals(13, Files.readAllLines(out).size(), "3 desirable and 10 undesirable rows");
    }

    /** Stored text holding terminal escapes (clear screen, set title, bell) and newlines reaches the terminal visibly. */
    @Test
    void storedAndUserTextIsPrintedWithItsControlCharactersEscaped() throws IOException {
        Path file = dir.resolve("evil.jsonl");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            rows.append("{\"prompt\":\"hello \\u001b[2J\\u001b]0;pwned\\u0007 ").append(i)
                    .append("\",\"completion\":\"two\\nlines\",\"label\":").append(i % 2 == 0).append("}\n");
        }
        Files.writeString(file, rows);
        Result badName = cli("import", file.toString(), "--name", "evil\u001b[2J", "--workspace", ws()).assertTerminalSafe();
        assertEquals("error: invalid dataset name 'evil\\e[2J': use 1 to 200 printable characters\n", badName.err());
        String name = "evil";
        assertEquals(0, cli("import", file.toString(), "--workspace", ws()).assertTerminalSafe().code());

        Result search = cli("search", name, "hello", "--workspace", ws()).assertTerminalSafe();
        assertEquals(0, search.code(), search.err());
        assertTrue(search.out().contains(" \\e[2J\\e]0;pwned\\u0007 0"), search.out());
        assertTrue(search.out().contains("two\\nlines"), search.out());
        assertEquals(5, search.lines().size(), "a header and one line per row: " + search.out());

        assertTrue(cli("inspect", name, "--workspace", ws()).assertTerminalSafe().out().startsWith("dataset evil"));

        Result unknown = cli("inspect", "ghost\u001b]0;t\u0007", "--workspace", ws()).assertTerminalSafe();
        assertTrue(unknown.err().startsWith("error: no dataset named 'ghost\\e]0;t\\u0007'"), unknown.err());
        Result usage = cli("search", name, "x", "--\u001b[2Jbad", "--workspace", ws()).assertTerminalSafe();
        assertEquals(2, usage.code());
        assertTrue(usage.err().startsWith("Unknown option: '--\\e[2Jbad'"), usage.err());
    }

    @Test
    void dataProblemsPrintOnePerLineAndExitNonZero() throws IOException {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":true}\n{\"prompt\":\"p\",\"label\":\"yes\"}\n{oops\n");
        Result r = cli("import", bad.toString(), "--workspace", ws());
        assertEquals(1, r.code());
        List<String> lines = r.err().lines().toList();
        assertEquals(bad + ":2: completion: missing", lines.get(0));
        assertTrue(lines.get(1).startsWith(bad + ":2: label: bad label \"yes\""), lines.get(1));
        assertTrue(lines.get(2).startsWith(bad + ":3: (line): malformed JSON"), lines.get(2));
        assertTrue(lines.get(3).startsWith("error: " + bad + ": 3 problems; nothing was imported"), lines.get(3));
        assertTrue(cli("datasets", "--workspace", ws()).out().startsWith("no datasets"));

        Result lenient = cli("import", bad.toString(), "--lenient", "--workspace", ws());
        assertEquals(0, lenient.code(), lenient.err());
        assertTrue(lenient.out().contains("1 rows"), lenient.out());
        assertTrue(lenient.err().contains("skipped 3 bad record(s)"), lenient.err());
    }

    @Test
    void userErrorsAreOneLineWithoutStackTraces() throws IOException {
        Result missing = cli("import", dir.resolve("nope.jsonl").toString(), "--workspace", ws());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());

        Result unknown = cli("inspect", "ghost", "--workspace", ws());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().startsWith("error: no dataset named 'ghost'"), unknown.err());

        Files.writeString(dir.resolve("x.txt"), "hello");
        Result kind = cli("import", dir.resolve("x.txt").toString(), "--workspace", ws());
        assertEquals(1, kind.code());
        assertTrue(kind.err().contains("cannot tell the file type"), kind.err());

        Result format = cli("import", dataFile().toString(), "--format", "dpo", "--workspace", ws());
        assertEquals(1, format.code());
        assertTrue(format.err().contains("unknown format 'dpo'"), format.err());

        Result usage = cli("split", "rows", "--workspace", ws());
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("give --eval-fraction F and --seed S, or --like DATASET"), usage.err());
        Result both = cli("split", "rows", "--like", "rows", "--seed", "3", "--workspace", ws());
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--like takes the split from DATASET"), both.err());
        Result unknownLike = cli("split", "rows", "--like", "nope", "--workspace", ws());
        assertEquals(1, unknownLike.code());
        assertTrue(unknownLike.err().startsWith("error: no dataset named"), unknownLike.err());
    }

    @Test
    void aWorkspaceThatBelongsToAnotherProgramIsRefusedInOneLine() throws Exception {
        Path other = dir.resolve("other");
        Files.createDirectories(other);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + other.resolve("workspace.db"));
             java.sql.Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes (body TEXT)");
        }
        Result r = cli("datasets", "--workspace", other.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("not a KTO Workbench workspace (it holds notes"), r.err());
    }

    @Test
    void aCommandLineBuildsOnlyTheCommandItNamesAndAllOfThemOtherwise() {
        Set<String> all = Cli.commandLine().getSubcommands().keySet();
        assertEquals(Set.of("import"), Cli.commandLine(new String[] {"import", "x.jsonl"}).getSubcommands().keySet());
        assertEquals(all, Cli.commandLine(new String[] {"imprt"}).getSubcommands().keySet(), "an unknown one: all");
        assertEquals(all, Cli.commandLine(new String[] {"--help"}).getSubcommands().keySet());
        Result typo = cli("imprt", "x");
        assertEquals(2, typo.code());
        assertTrue(typo.err().contains("Did you mean: kto-workbench import"), typo.err());
    }

    @Test
    void everyCommandHasHelpAndAcceptsWorkspace() {
        List<String[]> commands = new ArrayList<>();
        Cli.commandLine().getSubcommands().forEach((name, sub) -> {
            commands.add(new String[]{name});
            sub.getSubcommands().keySet().forEach(child -> commands.add(new String[]{name, child}));
        });
        assertTrue(commands.size() >= 18, "all commands listed: " + commands.size());
        for (String[] command : commands) {
            String[] args = new String[command.length + 1];
            System.arraycopy(command, 0, args, 0, command.length);
            args[command.length] = "--help";
            Result r = cli(args);
            assertEquals(0, r.code(), String.join(" ", command));
            assertTrue(r.out().contains("--workspace=DIR"), String.join(" ", command) + ":\n" + r.out());
        }
        assertEquals(0, cli("--help").code());
    }

    @Test
    void benchImportReportsRateAndSearchTime() {
        Result r = cli("bench", "import", "--rows", "3000", "--queries", "5", "--workspace", ws());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("import rows/s: \\d+")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("search median ms: \\d+\\.\\d\\d")), r.out());
        assertTrue(cli("datasets", "--workspace", ws()).out().contains("bench-import-1"));
        if (PeerImportScript.find(System.getenv("PATH")).isPresent()) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches("peer rows/s: \\d+")), r.out());
            assertTrue(r.out().lines().anyMatch(l -> l.matches("import vs peer: \\d+\\.\\d\\dx \\(wall time\\), \\d+\\.\\d\\dx \\(CPU time\\)")), r.out());
        }
    }

    @Test
    void benchImportEndToEndTimesTheImportCommandInAChildJvm() {
        Result r = cli("bench", "import", "--rows", "300", "--queries", "1", "--end-to-end", "--workspace", ws());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("end-to-end import seconds: \\d+\\.\\d\\d \\(java -cp .*")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("end-to-end import rows/s: \\d+")), r.out());
        if (PeerImportScript.find(System.getenv("PATH")).isPresent()) {
            assertTrue(r.out().lines().anyMatch(l -> l.matches("end-to-end import vs peer: \\d+\\.\\d\\dx \\(wall time\\)")), r.out());
        }
        // the child imported into its own scratch workspace, not into the one given
        assertFalse(cli("datasets", "--workspace", ws()).out().contains("bench-end-to-end"));
    }

    @Test
    void benchImportSaysItSkipsThePeerWithoutPython() throws Exception {
        Path emptyPath = Files.createDirectories(dir.resolve("no-python"));
        ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Cli.class.getName(),
                "bench", "import", "--rows", "200", "--queries", "1", "--workspace", ws())
                .redirectErrorStream(true);
        child.environment().put("PATH", emptyPath.toString());
        Process process = child.start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), output);
        assertTrue(output.lines().anyMatch(l -> l.matches("import rows/s: \\d+")), output);
        assertTrue(output.contains("peer (python3 /bench/import_peer.py): skipped, python3 is not on PATH"), output);
    }
}
