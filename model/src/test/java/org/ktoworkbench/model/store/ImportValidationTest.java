package org.ktoworkbench.model.store;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.data.DataError;
import org.ktoworkbench.model.data.InvalidDatasetException;
import org.ktoworkbench.model.data.Limits;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every validation error names file, line and field, and a failed strict import leaves the
 * workspace byte-for-byte as it was.
 */
class ImportValidationTest {
    private static final String GOOD = "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":true}\n";

    @TempDir
    Path dir;
    Path workspace;
    String hashBefore;

    @BeforeEach
    void workspaceWithOneDataset() throws IOException {
        workspace = dir.resolve("ws");
        try (Workspace ws = Workspace.open(workspace)) {
            ws.datasets().importFile(WorkspaceFixture.write(dir, "existing.jsonl", GOOD + GOOD),
                    ImportOptions.strict("existing"));
        }
        hashBefore = WorkspaceFixture.databaseHash(workspace);
    }

    /** Imports strictly, expects failure, checks the workspace is unchanged, returns the problems. */
    private List<DataError> failingImport(String fileName, byte[] content) throws IOException {
        Path file = WorkspaceFixture.write(dir, fileName, content);
        InvalidDatasetException e;
        try (Workspace ws = Workspace.open(workspace)) {
            e = assertThrows(InvalidDatasetException.class,
                    () -> ws.datasets().importFile(file, ImportOptions.strict("new")));
            assertEquals(List.of("existing"), ws.datasets().list().stream().map(DatasetInfo::name).toList());
            assertEquals(2, ws.datasets().examples("existing").size());
        }
        assertEquals(hashBefore, WorkspaceFixture.databaseHash(workspace), "workspace file changed");
        assertTrue(e.getMessage().contains("nothing was imported"), e.getMessage());
        return e.errors();
    }

    private List<DataError> failingImport(String fileName, String content) throws IOException {
        return failingImport(fileName, content.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertOnly(List<DataError> errors, String file, long line, String field, String messagePart) {
        assertEquals(1, errors.size(), errors.toString());
        DataError e = errors.get(0);
        assertTrue(e.file().endsWith(file), e.format());
        assertEquals(line, e.line(), e.format());
        assertEquals(field, e.field(), e.format());
        assertTrue(e.message().contains(messagePart), e.format());
        assertTrue(e.format().matches(".*" + file + ":" + line + ": .*: .*"), e.format());
    }

    @Test
    void malformedJsonNamesItsLine() throws IOException {
        List<DataError> errors = failingImport("bad.jsonl", GOOD + "{\"prompt\": \"p\", \"completion\": }\n" + GOOD);
        assertOnly(errors, "bad.jsonl", 2, DataError.LINE_FIELD, "malformed JSON");
    }

    @Test
    void duplicateKeyIsMalformed() throws IOException {
        List<DataError> errors = failingImport("dup.jsonl", GOOD + "{\"prompt\":\"a\",\"prompt\":\"b\",\"completion\":\"c\",\"label\":true}\n");
        assertOnly(errors, "dup.jsonl", 2, DataError.LINE_FIELD, "Duplicate field 'prompt'");
    }

    @Test
    void missingFieldIsNamed() throws IOException {
        List<DataError> errors = failingImport("missing.jsonl", GOOD + GOOD + "{\"prompt\":\"p\",\"label\":false}\n");
        assertOnly(errors, "missing.jsonl", 3, "completion", "missing");
    }

    @Test
    void emptyFieldIsNamed() throws IOException {
        List<DataError> errors = failingImport("empty.jsonl", "{\"prompt\":\"  \",\"completion\":\"c\",\"label\":true}\n");
        assertOnly(errors, "empty.jsonl", 1, "prompt", "is empty");
    }

    @Test
    void badLabelsAreNamed() throws IOException {
        List<DataError> errors = failingImport("labels.jsonl", GOOD
                + "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":2}\n"
                + "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":\"good\"}\n"
                + "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":\"yes\"}\n");
        assertEquals(3, errors.size(), errors.toString());
        for (int i = 0; i < 3; i++) {
            assertEquals(i + 2, errors.get(i).line());
            assertEquals("label", errors.get(i).field());
            assertTrue(errors.get(i).message().startsWith("bad label"), errors.get(i).format());
        }
    }

    @Test
    void aLongBadValueIsEchoedClipped() throws IOException {
        String label = "z".repeat(10_000);
        List<DataError> errors = failingImport("long.jsonl", "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":\"" + label + "\"}\n");
        assertOnly(errors, "long.jsonl", 1, "label", "bad label \"" + "z".repeat(60) + "… (10000 characters)\": expected");
        assertTrue(errors.get(0).format().length() < 300, errors.get(0).format());
    }

    @Test
    void aLongBadDatasetNameIsEchoedClipped() throws IOException {
        Path file = WorkspaceFixture.write(dir, "ok.jsonl", GOOD);
        try (Workspace ws = Workspace.open(workspace)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ws.datasets().importFile(file, ImportOptions.strict("n".repeat(10_000))));
            assertTrue(e.getMessage().startsWith("invalid dataset name '" + "n".repeat(60) + "… (10000 characters)'"), e.getMessage());
            StoreException unknown = assertThrows(StoreException.class, () -> ws.datasets().get("q".repeat(10_000)));
            assertTrue(unknown.getMessage().startsWith("no dataset named '" + "q".repeat(60) + "… (10000 characters)'"),
                    unknown.getMessage());
        }
    }

    @Test
    void wrongTypeIsNamed() throws IOException {
        List<DataError> errors = failingImport("types.jsonl", "{\"prompt\":42,\"completion\":\"c\",\"label\":true}\n");
        assertOnly(errors, "types.jsonl", 1, "prompt", "got a number");
    }

    @Test
    void badMessageListIsNamed() throws IOException {
        List<DataError> errors = failingImport("chat.jsonl",
                "{\"prompt\":[{\"role\":\"user\"}],\"completion\":[{\"role\":\"assistant\",\"content\":\"x\"}],\"label\":true}\n");
        assertOnly(errors, "chat.jsonl", 1, "prompt", "message 1: content must be a string");
    }

    @Test
    void invalidUtf8IsReportedWithItsLine() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(GOOD.getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes("{\"prompt\":\"caf".getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // Latin-1 é: not UTF-8
        bytes.writeBytes("\",\"completion\":\"c\",\"label\":true}\n".getBytes(StandardCharsets.UTF_8));
        List<DataError> errors = failingImport("latin1.jsonl", bytes.toByteArray());
        assertOnly(errors, "latin1.jsonl", 2, DataError.LINE_FIELD, "invalid UTF-8 at byte 15");
    }

    @Test
    void lineOverTheSizeBoundIsReported() throws IOException {
        String huge = "{\"prompt\":\"" + "x".repeat(Limits.MAX_RECORD_BYTES) + "\",\"completion\":\"c\",\"label\":true}\n";
        List<DataError> errors = failingImport("huge.jsonl", GOOD + huge + GOOD);
        assertOnly(errors, "huge.jsonl", 2, DataError.LINE_FIELD, "longer than the " + Limits.MAX_RECORD_BYTES);
    }

    @Test
    void csvProblemsNameTheLineWhereTheRecordStarts() throws IOException {
        String csv = "prompt,completion,label\n"
                + "\"multi\nline\",ok,1\n"        // record on lines 2-3, fine
                + "p,c,maybe\n"                   // line 4: bad label
                + "p,,0\n"                        // line 5: empty completion
                + "p,c\n";                        // line 6: too few fields
        List<DataError> errors = failingImport("bad.csv", csv);
        assertEquals(3, errors.size(), errors.toString());
        assertEquals(List.of(4L, 5L, 6L), errors.stream().map(DataError::line).toList());
        assertEquals(List.of("label", "completion", DataError.LINE_FIELD),
                errors.stream().map(DataError::field).toList());
    }

    @Test
    void csvUnclosedQuoteIsReported() throws IOException {
        List<DataError> errors = failingImport("open.csv", "prompt,completion,label\np,\"never closed,1\nx,y,1\n");
        assertOnly(errors, "open.csv", 2, DataError.LINE_FIELD, "not closed");
    }

    @Test
    void malformedJsonArrayIsFatal() throws IOException {
        List<DataError> errors = failingImport("bad.json",
                "[\n{\"prompt\":\"p\",\"completion\":\"c\",\"label\":true},\n{\"prompt\":\"p\" \"completion\":\"c\"}\n]\n");
        assertOnly(errors, "bad.json", 3, DataError.LINE_FIELD, "malformed JSON");
    }

    @Test
    void jsonArrayFieldErrorsNameTheElementLine() throws IOException {
        List<DataError> errors = failingImport("fields.json",
                "[\n  {\"prompt\": \"p\", \"completion\": \"c\", \"label\": true},\n  {\n    \"prompt\": \"p\",\n"
                        + "    \"completion\": [1],\n    \"label\": true\n  }\n]\n");
        assertOnly(errors, "fields.json", 3, "completion", "message 1");
    }

    @Test
    void invalidUtf8InAJsonArrayNamesItsLineAndByte() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(("[\n" + GOOD.strip() + ",\n{\"prompt\":\"caf").getBytes(StandardCharsets.UTF_8));
        bytes.write(0xE9); // Latin-1 é: not UTF-8
        bytes.writeBytes("\",\"completion\":\"c\",\"label\":true}\n]\n".getBytes(StandardCharsets.UTF_8));
        List<DataError> errors = failingImport("latin1.json", bytes.toByteArray());
        assertOnly(errors, "latin1.json", 3, DataError.LINE_FIELD, "invalid UTF-8 at byte 15 of the line");
    }

    @Test
    void invalidUtf8FarIntoALargeJsonArrayIsStillFound() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes("[\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 5_000; i++) { // ~250 KB: past any read buffer
            bytes.writeBytes(("{\"prompt\":\"p\u00e9 " + i + "\",\"completion\":\"c\",\"label\":true},\n").getBytes(StandardCharsets.UTF_8));
        }
        bytes.writeBytes(new byte[] {'{', '"', (byte) 0xC3}); // a sequence cut short by the closing quote
        bytes.writeBytes("\":1}\n]\n".getBytes(StandardCharsets.UTF_8));
        List<DataError> errors = failingImport("cut.json", bytes.toByteArray());
        assertOnly(errors, "cut.json", 5_002, DataError.LINE_FIELD, "invalid UTF-8 at byte 3 of the line");
    }

    @Test
    void jsonArrayElementOverTheBoundIsAnErrorForThatElementOnly() throws IOException {
        String bigList = ("\"" + "y".repeat(1000) + "\",").repeat(Limits.MAX_RECORD_BYTES / 1000) + "\"end\"";
        String file = "[\n" + GOOD.strip() + ",\n{\"prompt\":\"p\",\"completion\":\"c\",\"label\":true,\"notes\":["
                + bigList + "]},\n" + GOOD.strip() + "\n]\n";
        List<DataError> errors = failingImport("huge.json", file);
        assertOnly(errors, "huge.json", 3, DataError.LINE_FIELD, "longer than the " + Limits.MAX_RECORD_BYTES);
        Path lenient = WorkspaceFixture.write(dir, "huge-lenient.json", file);
        try (Workspace ws = Workspace.open(workspace)) {
            ImportReport report = ws.datasets().importFile(lenient, ImportOptions.strict("huge").skippingBadRows());
            assertEquals(2, report.dataset().rows(), "the elements after the oversized one are read");
            assertEquals(List.of(3L), report.skipped().stream().map(DataError::line).toList());
        }
    }

    @Test
    void jsonArrayStringOverTheBoundStopsTheReadWithItsLine() throws IOException {
        String file = "[\n" + GOOD.strip() + ",\n{\"prompt\":\"" + "x".repeat(Limits.MAX_RECORD_BYTES + 1)
                + "\",\"completion\":\"c\",\"label\":true}\n]\n";
        List<DataError> errors = failingImport("long-string.json", file);
        assertOnly(errors, "long-string.json", 3, DataError.LINE_FIELD, "longer than the " + Limits.MAX_RECORD_BYTES);
    }

    @Test
    void jsonArrayNestedTooDeepIsMalformed() throws IOException {
        String deep = "[".repeat(1_500) + "]".repeat(1_500);
        List<DataError> errors = failingImport("deep.json", "[\n" + GOOD.strip() + ",\n{\"prompt\":\"p\",\"completion\":\"c\",\"label\":true,\"x\":"
                + deep + "}\n]\n");
        assertOnly(errors, "deep.json", 3, DataError.LINE_FIELD, "malformed JSON: Document nesting depth");
    }

    @Test
    void contentAfterTheJsonArrayIsFatal() throws IOException {
        List<DataError> errors = failingImport("trailing.json", "[\n" + GOOD.strip() + "\n]\n\n{\"more\": 1}\n");
        assertOnly(errors, "trailing.json", 5, DataError.LINE_FIELD, "unexpected content after the array");
    }

    @Test
    void truncatedJsonArrayIsFatal() throws IOException {
        List<DataError> closed = failingImport("open.json", "[\n" + GOOD.strip() + ",\n" + GOOD.strip() + "\n");
        assertOnly(closed, "open.json", 4, DataError.LINE_FIELD, "malformed JSON");
        List<DataError> cut = failingImport("cut-element.json", "[\n" + GOOD.strip() + ",\n{\"prompt\": \"p");
        assertOnly(cut, "cut-element.json", 3, DataError.LINE_FIELD, "malformed JSON");
    }

    @Test
    void unknownShapeIsReported() throws IOException {
        List<DataError> errors = failingImport("shape.jsonl", "{\"question\":\"q\",\"answer\":\"a\"}\n");
        assertOnly(errors, "shape.jsonl", 1, DataError.LINE_FIELD, "cannot tell the format");
    }

    @Test
    void lenientImportSkipsAndListsBadRows() throws IOException {
        Path file = WorkspaceFixture.write(dir, "mixed.jsonl", GOOD + "{\"prompt\":\"p\",\"completion\":\"c\",\"label\":7}\n"
                + "not json\n" + GOOD);
        try (Workspace ws = Workspace.open(workspace)) {
            ImportReport report = ws.datasets().importFile(file, ImportOptions.strict("mixed").skippingBadRows());
            assertEquals(2, report.dataset().rows());
            assertEquals(2, report.skippedCount());
            assertEquals(List.of(2L, 3L), report.skipped().stream().map(DataError::line).toList());
        }
    }

    @Test
    void lenientImportStillRefusesAFileThatDoesNotParse() throws IOException {
        Path file = WorkspaceFixture.write(dir, "broken.json", "[{\"prompt\":\"p\",\"completion\":\"c\",\"label\":true},");
        try (Workspace ws = Workspace.open(workspace)) {
            assertThrows(InvalidDatasetException.class,
                    () -> ws.datasets().importFile(file, ImportOptions.strict("broken").skippingBadRows()));
        }
        assertEquals(hashBefore, WorkspaceFixture.databaseHash(workspace));
    }

    @Test
    void existingNameIsAnErrorUnlessReplacing() throws IOException {
        Path file = WorkspaceFixture.write(dir, "three.jsonl", GOOD + GOOD + GOOD);
        try (Workspace ws = Workspace.open(workspace)) {
            StoreException e = assertThrows(StoreException.class,
                    () -> ws.datasets().importFile(file, ImportOptions.strict("existing")));
            assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        }
        assertEquals(hashBefore, WorkspaceFixture.databaseHash(workspace));
        try (Workspace ws = Workspace.open(workspace)) {
            ws.datasets().importFile(file, ImportOptions.strict("existing").replacing());
            assertEquals(3, ws.datasets().get("existing").rows());
            assertEquals(1, ws.datasets().list().size());
            assertEquals(3, ws.datasets().search("existing", "p", 10).size(), "index follows the replacement");
        }
    }

    @Test
    void failedReplaceKeepsTheOldDataset() throws IOException {
        Path file = WorkspaceFixture.write(dir, "bad.jsonl", GOOD + "{}\n");
        try (Workspace ws = Workspace.open(workspace)) {
            assertThrows(InvalidDatasetException.class,
                    () -> ws.datasets().importFile(file, ImportOptions.strict("existing").replacing()));
            assertEquals(2, ws.datasets().examples("existing").size());
        }
        assertEquals(hashBefore, WorkspaceFixture.databaseHash(workspace));
    }
}
