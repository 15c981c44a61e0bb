package org.ktoworkbench.model.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Anthropic HH-RLHF rows: chosen/rejected transcripts with no prompt field. */
class HhRlhfShapeTest {
    private static final String PROMPT = "\n\nHuman: What is 2+2?\n\nAssistant: 4.\n\nHuman: And 3+3?\n\nAssistant:";

    @TempDir
    Path dir;

    private static String row(String chosen, String rejected) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("chosen", chosen).put("rejected", rejected);
        return node.toString() + "\n";
    }

    private record Read(DatasetReader.Result result, List<DatasetRow> rows) {
    }

    private Read read(String content, DataFormat format) throws IOException {
        Path file = dir.resolve("hh.jsonl");
        Files.writeString(file, content);
        List<DatasetRow> rows = new ArrayList<>();
        return new Read(new DatasetReader(null, format).read(file, rows::add), rows);
    }

    @Test
    void multiTurnTranscriptSplitsAtItsLastAssistantTurnAndIsDetected() throws IOException {
        Read r = read(row(PROMPT + " 6.", PROMPT + " 7, I think."), null);
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        assertEquals(DataFormat.HH, r.result().format());
        assertEquals(2, r.rows().size());
        assertEquals(PROMPT, r.rows().get(0).prompt().text());
        assertEquals(" 6.", r.rows().get(0).completion().text());
        assertTrue(r.rows().get(0).desirable());
        assertEquals(PROMPT, r.rows().get(1).prompt().text());
        assertEquals(" 7, I think.", r.rows().get(1).completion().text());
        assertEquals(r.rows().get(0).pairId(), r.rows().get(1).pairId());
    }

    @Test
    void aFirstWordBothAnswersShareStaysInTheCompletions() throws IOException {
        // TRL's common-prefix extraction would put " The" into the prompt
        Read r = read(row(PROMPT + " The answer is 6.", PROMPT + " The answer is 7."), null);
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        assertEquals(PROMPT, r.rows().get(0).prompt().text());
        assertEquals(" The answer is 6.", r.rows().get(0).completion().text());
        assertEquals(" The answer is 7.", r.rows().get(1).completion().text());
    }

    @Test
    void transcriptsThatDifferBeforeTheirLastAssistantTurnAreAnErrorNamingTheLine() throws IOException {
        String other = "\n\nHuman: What is 2+2?\n\nAssistant: 5.\n\nHuman: And 3+3?\n\nAssistant:";
        Read r = read(row(PROMPT + " 6.", PROMPT + " 7.") + row(PROMPT + " 6.", other + " 6."), null);
        assertEquals(1, r.result().errorCount(), r.result().errors().toString());
        DataError error = r.result().errors().get(0);
        assertEquals(2, error.line());
        assertEquals("rejected", error.field());
        assertTrue(error.format().startsWith(dir.resolve("hh.jsonl") + ":2: rejected: differs from chosen before"),
                error.format());
        assertTrue(error.format().lines().count() == 1, error.format());
    }

    @Test
    void aTranscriptWithoutAnAssistantTurnOrAnswerIsAnError() throws IOException {
        Read r = read(row("\n\nHuman: hi", PROMPT + " 7.") + row(PROMPT, PROMPT + " 7."), DataFormat.HH);
        assertEquals(List.of("1 chosen", "2 chosen"),
                r.result().errors().stream().map(e -> e.line() + " " + e.field()).toList());
        assertTrue(r.result().errors().get(1).message().contains("nothing after the last"), r.result().errors().toString());
    }

    @Test
    void conversationalFormTurnsHumanAndAssistantIntoMessages() throws IOException {
        Read r = read(row(PROMPT + " The answer is 6.", PROMPT + " The answer is 7."), DataFormat.HH_CONVERSATIONAL);
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        assertEquals(DataFormat.HH_CONVERSATIONAL, r.result().format());
        DatasetRow chosen = r.rows().get(0);
        assertEquals("[{\"role\":\"user\",\"content\":\"What is 2+2?\"},{\"role\":\"assistant\",\"content\":\"4.\"},"
                + "{\"role\":\"user\",\"content\":\"And 3+3?\"}]", chosen.prompt().messagesJson());
        assertEquals("<|user|>\nWhat is 2+2?\n<|assistant|>\n4.\n<|user|>\nAnd 3+3?\n<|assistant|>\n", chosen.prompt().text());
        assertEquals("[{\"role\":\"assistant\",\"content\":\"The answer is 6.\"}]", chosen.completion().messagesJson());
        assertEquals("The answer is 7.", r.rows().get(1).completion().text());
    }

    @Test
    void formatNamesParseWithAHyphen() {
        assertEquals(DataFormat.HH_CONVERSATIONAL, DataFormat.parse("hh-conversational"));
        assertEquals("hh-conversational", DataFormat.HH_CONVERSATIONAL.label());
        assertEquals(DataFormat.HH, DataFormat.parse("HH"));
    }
}
