package org.ktoworkbench.model.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parquet files written by DuckDB's own Parquet writer, read in every shape with row-numbered errors. */
class ParquetDatasetTest {
    @TempDir
    Path dir;

    private record Read(DatasetReader.Result result, List<DatasetRow> rows) {
    }

    private Path parquet(String name, String select) throws SQLException {
        return ParquetFiles.write(dir.resolve(name), select);
    }

    private static Read read(Path file, FileKind kind, DataFormat format) {
        List<DatasetRow> rows = new ArrayList<>();
        return new Read(new DatasetReader(kind, format).read(file, rows::add), rows);
    }

    @Test
    void unpairedRowsWithBooleanLabelsAndMetadataKeepTheirOrder() throws SQLException {
        Path file = parquet("train-00000-of-00001.parquet", "SELECT * FROM (VALUES ('q1', 'a1', true, 7), ('q2', 'a2', false, 8),"
                + " ('q3', 'a3', true, 9)) t(prompt, completion, label, score)");
        Read r = read(file, null, null);
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        assertEquals(DataFormat.UNPAIRED, r.result().format());
        assertEquals(List.of("q1", "q2", "q3"), r.rows().stream().map(row -> row.prompt().text()).toList());
        assertEquals(List.of(true, false, true), r.rows().stream().map(DatasetRow::desirable).toList());
        assertEquals(List.of(1L, 2L, 3L), r.rows().stream().map(DatasetRow::line).toList());
        assertEquals("{\"score\":8}", r.rows().get(1).metadata().toString());
    }

    @Test
    void aBadLabelIsReportedByRowNumber() throws SQLException {
        Path file = parquet("labels.parquet", "SELECT * FROM (VALUES ('q1', 'a1', 'desirable'), ('q2', 'a2', '0'),"
                + " ('q3', 'a3', 'maybe')) t(prompt, completion, label)");
        Read r = read(file, FileKind.PARQUET, null);
        assertEquals(1, r.result().errorCount());
        assertEquals(file + ": row 3: label: bad label \"maybe\": expected true/false, 1/0 or desirable/undesirable (any case)",
                r.result().errors().get(0).format());
    }

    @Test
    void pairedRowsAreUnpaired() throws SQLException {
        Path file = parquet("p.parquet", "SELECT 'q' AS prompt, 'good' AS chosen, 'bad' AS rejected");
        Read r = read(file, null, null);
        assertEquals(DataFormat.PAIRED, r.result().format());
        assertEquals(List.of("good", "bad"), r.rows().stream().map(row -> row.completion().text()).toList());
        assertEquals(r.rows().get(0).pairId(), r.rows().get(1).pairId());
    }

    @Test
    void conversationalListsOfStructsBecomeMessages() throws SQLException {
        Path file = parquet("c.parquet", "SELECT [{'role': 'user', 'content': 'Hi'}] AS prompt,"
                + " [{'role': 'assistant', 'content': 'Hello'}] AS completion, 1 AS label");
        Read r = read(file, null, null);
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        assertEquals(DataFormat.CONVERSATIONAL, r.result().format());
        assertEquals("<|user|>\nHi\n<|assistant|>\n", r.rows().get(0).prompt().text());
        assertEquals("Hello", r.rows().get(0).completion().text());
    }

    @Test
    void ultraFeedbackPairsInParquetTakeTheirPromptFromTheSharedMessages() throws SQLException {
        // HuggingFaceH4/ultrafeedback_binarized's columns: content before role, as the Hub's files hold them
        Path file = parquet("uf.parquet", "SELECT 'Hi' AS prompt,"
                + " [{'content': 'Hi', 'role': 'user'}, {'content': 'Hello', 'role': 'assistant'}] AS chosen,"
                + " [{'content': 'Hi', 'role': 'user'}, {'content': 'Go away', 'role': 'assistant'}] AS rejected");
        Read r = read(file, null, null);
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        assertEquals("<|user|>\nHi\n<|assistant|>\n", r.rows().get(0).prompt().text());
        assertEquals(List.of("Hello", "Go away"), r.rows().stream().map(row -> row.completion().text()).toList());
    }

    @Test
    void aFileThatIsNotParquetIsOneClearError() throws Exception {
        Path file = dir.resolve("fake.parquet");
        Files.writeString(file, "{\"prompt\":\"q\"}\n");
        InvalidDatasetException e = assertThrows(InvalidDatasetException.class, () -> read(file, null, null));
        assertTrue(e.getMessage().startsWith(file + ": cannot read as Parquet: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aFileNameWithGlobCharactersReadsThatFileAlone() throws SQLException {
        parquet("part-a.parquet", "SELECT 'other' AS prompt, 'x' AS completion, true AS label");
        Path file = parquet("part*[1]?.parquet", "SELECT 'mine' AS prompt, 'y' AS completion, false AS label");
        Read r = read(file, null, null);
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        assertEquals(List.of("mine"), r.rows().stream().map(row -> row.prompt().text()).toList());
    }
}
