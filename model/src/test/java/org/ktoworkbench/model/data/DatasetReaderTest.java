package org.ktoworkbench.model.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetReaderTest {
    @TempDir
    Path dir;

    record Read(DatasetReader.Result result, List<DatasetRow> rows) {
    }

    private Read read(String name, String content, FileKind kind, DataFormat format) throws IOException {
        Path file = dir.resolve(name);
        Files.write(file, content.getBytes(StandardCharsets.UTF_8));
        List<DatasetRow> rows = new ArrayList<>();
        DatasetReader.Result result = new DatasetReader(kind, format).read(file, rows::add);
        return new Read(result, rows);
    }

    @Test
    void unpairedLabelsInEveryAcceptedForm() throws IOException {
        Read r = read("l.jsonl", """
                {"prompt":"a","completion":"x","label":true}
                {"prompt":"a","completion":"x","label":false}
                {"prompt":"a","completion":"x","label":1}
                {"prompt":"a","completion":"x","label":0}
                {"prompt":"a","completion":"x","label":"desirable"}
                {"prompt":"a","completion":"x","label":"undesirable"}
                """, null, null);
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        assertEquals(DataFormat.UNPAIRED, r.result().format());
        assertEquals(List.of(true, false, true, false, true, false), r.rows().stream().map(DatasetRow::desirable).toList());
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), r.rows().stream().map(DatasetRow::line).toList());
    }

    @Test
    void textLabelsFollowOneCaseInsensitiveRuleInEveryFileType() throws IOException {
        Read jsonl = read("t.jsonl", """
                {"prompt":"a","completion":"x","label":"TRUE"}
                {"prompt":"a","completion":"x","label":"False"}
                {"prompt":"a","completion":"x","label":" 1 "}
                {"prompt":"a","completion":"x","label":"0"}
                {"prompt":"a","completion":"x","label":"Desirable"}
                {"prompt":"a","completion":"x","label":"UNDESIRABLE"}
                """, null, null);
        assertEquals(0, jsonl.result().errorCount(), jsonl.result().errors().toString());
        assertEquals(List.of(true, false, true, false, true, false), jsonl.rows().stream().map(DatasetRow::desirable).toList());
        Read csv = read("t.csv", "prompt,completion,label\na,x,TRUE\na,x,False\na,x,1\na,x,0\na,x,Desirable\na,x,UNDESIRABLE\n",
                null, null);
        assertEquals(0, csv.result().errorCount(), csv.result().errors().toString());
        assertEquals(List.of(true, false, true, false, true, false), csv.rows().stream().map(DatasetRow::desirable).toList());
    }

    @Test
    void pairedRowsBecomeTwoRowsSharingAPairIdAndMetadata() throws IOException {
        Read r = read("p.jsonl", """
                {"prompt":"q1","chosen":"good","rejected":"bad","source":"s"}
                {"prompt":"q2","chosen":"good2","rejected":"bad2","pair_id":"own"}
                """, null, null);
        assertEquals(DataFormat.PAIRED, r.result().format());
        assertEquals(4, r.rows().size());
        DatasetRow chosen = r.rows().get(0);
        DatasetRow rejected = r.rows().get(1);
        assertEquals("good", chosen.completion().text());
        assertTrue(chosen.desirable());
        assertEquals("bad", rejected.completion().text());
        assertFalse(rejected.desirable());
        assertEquals("pair-1", chosen.pairId());
        assertEquals(chosen.pairId(), rejected.pairId());
        assertEquals("{\"source\":\"s\"}", rejected.metadata().toString());
        assertEquals("own", r.rows().get(3).pairId());
    }

    @Test
    void conversationalRowsAreRenderedThroughTheChatTemplate() throws IOException {
        Read r = read("c.jsonl", """
                {"prompt":[{"role":"user","content":"Hi"}],"completion":[{"role":"assistant","content":"Hello"},{"role":"user","content":"Bye"}],"label":true}
                """, null, null);
        assertEquals(DataFormat.CONVERSATIONAL, r.result().format());
        DatasetRow row = r.rows().get(0);
        assertEquals("<|user|>\nHi\n<|assistant|>\n", row.prompt().text());
        assertEquals("Hello\n<|user|>\nBye", row.completion().text());
        assertEquals("[{\"role\":\"user\",\"content\":\"Hi\"}]", row.prompt().messagesJson());
    }

    @Test
    void conversationalFormatInsistsOnMessageLists() throws IOException {
        Read r = read("c.jsonl", "{\"prompt\":\"plain\",\"completion\":\"text\",\"label\":true}\n", null,
                DataFormat.CONVERSATIONAL);
        assertEquals(2, r.result().errorCount());
        assertEquals("prompt", r.result().errors().get(0).field());
        assertTrue(r.result().errors().get(0).message().contains("list of {role, content} messages"));
    }

    @Test
    void csvFollowsRfc4180WithLineNumbersOfRecordStarts() throws IOException {
        Read r = read("d.csv", "\uFEFFprompt,completion,label,note\r\n"
                + "\"a, b\",\"line one\r\nline \"\"two\"\"\",TRUE,\r\n"
                + "\r\n"
                + "plain,text,undesirable,n\r\n", null, null);
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        assertEquals(2, r.rows().size());
        DatasetRow first = r.rows().get(0);
        assertEquals("a, b", first.prompt().text());
        assertEquals("line one\nline \"two\"", first.completion().text());
        assertTrue(first.desirable());
        assertEquals(2, first.line());
        assertEquals("{\"note\":\"\"}", first.metadata().toString());
        assertEquals(5, r.rows().get(1).line());
        assertFalse(r.rows().get(1).desirable());
    }

    @Test
    void csvConversationalCellsHoldJsonMessageLists() throws IOException {
        Read r = read("c.csv", "prompt,completion,label\n"
                + "\"[{\"\"role\"\":\"\"user\"\",\"\"content\"\":\"\"Hi\"\"}]\",\"[{\"\"role\"\":\"\"assistant\"\",\"\"content\"\":\"\"Yo\"\"}]\",0\n",
                null, DataFormat.CONVERSATIONAL);
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        assertEquals("Yo", r.rows().get(0).completion().text());
    }

    @Test
    void csvHeaderProblemsAreFatal() throws IOException {
        Read r = read("h.csv", "prompt,prompt,label\na,b,1\n", null, null);
        assertTrue(r.result().fatal());
        assertEquals("h.csv:1: prompt: column name appears twice in the header",
                r.result().errors().get(0).format().substring(dir.toString().length() + 1));
    }

    @Test
    void jsonArrayElementsCarryTheirStartingLine() throws IOException {
        Read r = read("a.json", "[\n  {\"prompt\": \"p\",\n   \"completion\": \"c\", \"label\": 1},\n  {\"prompt\": \"q\", \"completion\": \"d\", \"label\": 0}\n]", null, null);
        assertEquals(List.of(2L, 4L), r.rows().stream().map(DatasetRow::line).toList());
        Read notArray = read("o.json", "{\"prompt\": \"p\"}", null, null);
        assertTrue(notArray.result().fatal());
        assertTrue(notArray.result().errors().get(0).message().contains("expected a JSON array"));
    }

    @Test
    void explicitFileKindOverridesTheExtension() throws IOException {
        Read r = read("rows.txt", "prompt,completion,label\np,c,1\n", FileKind.CSV, null);
        assertEquals(1, r.rows().size());
        assertThrows(InvalidDatasetException.class, () -> read("rows2.txt", "x", null, null));
    }

    @Test
    void trailingContentOnAJsonlLineIsMalformed() throws IOException {
        Read r = read("t.jsonl", "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":1} {\"x\":1}\n", null, null);
        assertEquals(1, r.result().errorCount());
        assertTrue(r.result().errors().get(0).message().startsWith("malformed JSON"));
        assertNull(r.rows().isEmpty() ? null : r.rows().get(0));
    }
}
