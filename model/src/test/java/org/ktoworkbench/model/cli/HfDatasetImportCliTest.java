package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.cli.CliRunner.Result;
import org.ktoworkbench.model.data.ParquetFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** `import` names the shape it detected in the Hub's dataset layouts. */
class HfDatasetImportCliTest {
    @TempDir
    Path dir;

    @Test
    void importReportShowsTheDetectedShape() throws IOException {
        Path hh = dir.resolve("hh.jsonl");
        Files.writeString(hh, "{\"chosen\":\"\\n\\nHuman: hi\\n\\nAssistant: hello\",\"rejected\":\"\\n\\nHuman: hi\\n\\nAssistant: go\"}\n");
        Result imported = CliRunner.run("import", hh.toString(), "--workspace", dir.resolve("ws").toString());
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("imported 'hh': 2 rows (1 desirable, 1 undesirable), format hh (detected)"),
                imported.out());

        Path uf = dir.resolve("uf.jsonl");
        Files.writeString(uf, "{\"prompt\":\"hi\",\"chosen\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\","
                + "\"content\":\"hello\"}],\"rejected\":[{\"role\":\"user\",\"content\":\"hi\"},{\"role\":\"assistant\",\"content\":\"go\"}]}\n");
        Result pairs = CliRunner.run("import", uf.toString(), "--workspace", dir.resolve("ws").toString());
        assertEquals(0, pairs.code(), pairs.err());
        assertTrue(pairs.out().contains("format paired, prompt from the leading messages chosen and rejected share"
                + " (1 pair) (detected)"), pairs.out());

        Result conversational = CliRunner.run("import", hh.toString(), "--name", "hh2", "--format", "hh-conversational",
                "--workspace", dir.resolve("ws").toString());
        assertEquals(0, conversational.code(), conversational.err());
        assertTrue(conversational.out().contains("format hh-conversational\n"), conversational.out());
    }

    @Test
    void parquetImportsByExtensionOrFileTypeAndABadRowFailsTheWholeImportNamingItsRow() throws SQLException {
        String ws = dir.resolve("ws").toString();
        Path good = ParquetFiles.write(dir.resolve("train-00000-of-00001.parquet"),
                "SELECT * FROM (VALUES ('q1', 'a1', true), ('q2', 'a2', false)) t(prompt, completion, label)");
        Result imported = CliRunner.run("import", good.toString(), "--name", "pq", "--workspace", ws);
        assertEquals(0, imported.code(), imported.err());
        assertTrue(imported.out().contains("imported 'pq': 2 rows (1 desirable, 1 undesirable), format unpaired (detected)"),
                imported.out());

        Path bad = ParquetFiles.write(dir.resolve("rows.bin"),
                "SELECT * FROM (VALUES ('q1', 'a1', 'true'), ('q2', 'a2', 'perhaps')) t(prompt, completion, label)");
        Result refused = CliRunner.run("import", bad.toString(), "--file-type", "parquet", "--name", "bad", "--workspace", ws);
        assertEquals(1, refused.code(), refused.out());
        assertTrue(refused.err().contains(bad + ": row 2: label: bad label \"perhaps\""), refused.err());
        Result list = CliRunner.run("datasets", "--workspace", ws);
        assertFalse(list.out().contains("bad"), list.out());

        Result lenient = CliRunner.run("import", bad.toString(), "--file-type", "parquet", "--name", "bad", "--lenient",
                "--workspace", ws);
        assertEquals(0, lenient.code(), lenient.err());
        assertTrue(lenient.out().contains("imported 'bad': 1 rows"), lenient.out());
        assertTrue(lenient.err().contains("row 2: label"), lenient.err());
    }
}
