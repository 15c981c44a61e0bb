package org.ktoworkbench.model.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.data.Example;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** import → export → import → export gives identical rows and identical bytes. */
class RoundTripTest {
    @TempDir
    Path dir;

    private byte[] roundTrip(Path source, String expectedFirstLine) throws IOException {
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            ws.datasets().importFile(source, ImportOptions.strict("first"));
            Path once = dir.resolve("once.jsonl");
            ws.datasets().export("first", once, false);
            ws.datasets().importFile(once, ImportOptions.strict("second"));
            Path twice = dir.resolve("twice.jsonl");
            ws.datasets().export("second", twice, false);
            byte[] first = Files.readAllBytes(once);
            assertArrayEquals(first, Files.readAllBytes(twice));
            assertEquals(expectedFirstLine, Files.readAllLines(once).get(0));
            List<Example> a = ws.datasets().examples("first");
            List<Example> b = ws.datasets().examples("second");
            assertEquals(a, b);
            ws.datasets().export("first", once, true);
            assertArrayEquals(first, Files.readAllBytes(once), "exporting the same data twice differs");
            return first;
        }
    }

    @Test
    void unpairedJsonlWithMetadataUnicodeAndDecimals() throws IOException {
        Path source = WorkspaceFixture.write(dir, "in.jsonl",
                "{\"id\":7,\"prompt\":\"Café ☕?\",\"completion\":\"Oui\\n\\\"bien\\\" sûr\",\"label\":1,\"score\":1.50,\"tags\":[\"a\",{\"b\":null}]}\r\n"
                        + "\n"
                        + "{\"prompt\":\"q\",\"completion\":\"a\",\"label\":\"undesirable\"}\n");
        byte[] out = roundTrip(source,
                "{\"prompt\":\"Café ☕?\",\"completion\":\"Oui\\n\\\"bien\\\" sûr\",\"label\":true,\"id\":7,\"score\":1.50,\"tags\":[\"a\",{\"b\":null}]}");
        assertEquals(2, new String(out, java.nio.charset.StandardCharsets.UTF_8).split("\n").length);
    }

    @Test
    void conversationalRowsExportAsMessageLists() throws IOException {
        String line = "{\"prompt\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"completion\":[{\"role\":\"assistant\",\"content\":\"Hello\"}],\"label\":false}";
        Path source = WorkspaceFixture.write(dir, "chat.jsonl", line + "\n");
        roundTrip(source, line);
        try (Workspace ws = Workspace.open(dir.resolve("ws"))) {
            Example e = ws.datasets().examples("first").get(0);
            assertEquals("<|system|>\nBe brief.\n<|user|>\nHi\n<|assistant|>\n", e.prompt());
            assertEquals("Hello", e.completion());
        }
    }

    @Test
    void pairedCsvKeepsPairIdsAndMetadata() throws IOException {
        Path source = WorkspaceFixture.write(dir, "pairs.csv",
                "prompt,chosen,rejected,topic\r\n\"Say \"\"hi\"\"\",\"hi,\nthere\",no,greet\r\n");
        byte[] out = roundTrip(source,
                "{\"prompt\":\"Say \\\"hi\\\"\",\"completion\":\"hi,\\nthere\",\"label\":true,\"pair_id\":\"pair-1\",\"topic\":\"greet\"}");
        String[] lines = new String(out, java.nio.charset.StandardCharsets.UTF_8).split("\n");
        assertEquals("{\"prompt\":\"Say \\\"hi\\\"\",\"completion\":\"no\",\"label\":false,\"pair_id\":\"pair-1\",\"topic\":\"greet\"}",
                lines[1]);
    }

    @Test
    void jsonArrayInput() throws IOException {
        Path source = WorkspaceFixture.write(dir, "rows.json",
                "[\n {\"prompt\": \"p\", \"chosen\": \"good\", \"rejected\": \"bad\", \"pair_id\": 12}\n]\n");
        roundTrip(source, "{\"prompt\":\"p\",\"completion\":\"good\",\"label\":true,\"pair_id\":\"12\"}");
    }
}
