package org.ktoworkbench.model.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Conversational pairs whose prompt is implicit in the chosen/rejected message lists (the UltraFeedback shapes). */
class UltraFeedbackShapeTest {
    private static final String USER = "{\"role\":\"user\",\"content\":\"Name a prime.\"}";

    @TempDir
    Path dir;

    private record Read(DatasetReader.Result result, List<DatasetRow> rows) {
    }

    private Read read(String content) throws IOException {
        Path file = dir.resolve("uf.jsonl");
        Files.writeString(file, content);
        List<DatasetRow> rows = new ArrayList<>();
        return new Read(new DatasetReader(null, null).read(file, rows::add), rows);
    }

    private static String answer(String text) {
        return "{\"role\":\"assistant\",\"content\":\"" + text + "\"}";
    }

    @Test
    void trlLibShapeTakesThePromptFromTheSharedLeadingMessages() throws IOException {
        Read r = read("{\"chosen\":[" + USER + "," + answer("7") + "],\"rejected\":[" + USER + "," + answer("8") + "],\"score\":3}\n");
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        assertEquals(DataFormat.PAIRED, r.result().format());
        assertEquals(1, r.result().promptsFromMessages());
        DatasetRow chosen = r.rows().get(0);
        assertEquals("[" + USER + "]", chosen.prompt().messagesJson());
        assertEquals("<|user|>\nName a prime.\n<|assistant|>\n", chosen.prompt().text());
        assertEquals("7", chosen.completion().text());
        assertEquals("[" + answer("7") + "]", chosen.completion().messagesJson());
        assertEquals("8", r.rows().get(1).completion().text());
        assertEquals(chosen.prompt(), r.rows().get(1).prompt());
        assertEquals("{\"score\":3}", chosen.metadata().toString());
        assertTrue(r.result().shape().startsWith("paired, prompt from the leading messages"), r.result().shape());
    }

    @Test
    void h4ShapeKeepsTheRepeatedUserTurnOutOfTheCompletion() throws IOException {
        Read r = read("{\"prompt\":\"Name a prime.\",\"chosen\":[" + USER + "," + answer("7") + "],\"rejected\":["
                + USER + "," + answer("8") + "],\"prompt_id\":\"x1\"}\n");
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        DatasetRow chosen = r.rows().get(0);
        assertEquals("<|user|>\nName a prime.\n<|assistant|>\n", chosen.prompt().text());
        assertEquals("7", chosen.completion().text());
        assertEquals("8", r.rows().get(1).completion().text());
        assertEquals("{\"prompt_id\":\"x1\"}", chosen.metadata().toString());
    }

    @Test
    void multiTurnPairsShareEveryMessageBeforeTheAnswersDiffer() throws IOException {
        String history = USER + "," + answer("7") + ",{\"role\":\"user\",\"content\":\"Another?\"}";
        Read r = read("{\"prompt\":\"Another?\",\"chosen\":[" + history + "," + answer("11") + "],\"rejected\":["
                + history + "," + answer("12") + "," + "{\"role\":\"user\",\"content\":\"Sure?\"}]}\n");
        assertEquals(0, r.result().errorCount(), r.result().errors().toString());
        DatasetRow chosen = r.rows().get(0);
        assertEquals("<|user|>\nName a prime.\n<|assistant|>\n7\n<|user|>\nAnother?\n<|assistant|>\n", chosen.prompt().text());
        assertEquals("11", chosen.completion().text());
        assertEquals("12\n<|user|>\nSure?", r.rows().get(1).completion().text());
    }

    @Test
    void pairsWithNoPromptOrNoCompletionOrAForeignPromptAreErrorsNamingTheLine() throws IOException {
        Read r = read("{\"chosen\":[" + answer("7") + "],\"rejected\":[" + answer("8") + "]}\n"
                + "{\"chosen\":[" + USER + "," + answer("7") + "],\"rejected\":[" + USER + "," + answer("7") + "]}\n"
                + "{\"prompt\":\"Something else\",\"chosen\":[" + USER + "," + answer("7") + "],\"rejected\":["
                + USER + "," + answer("8") + "]}\n");
        assertEquals(List.of("1 rejected", "2 chosen", "2 rejected", "3 prompt"),
                r.result().errors().stream().map(e -> e.line() + " " + e.field()).toList());
        assertTrue(r.result().errors().get(0).message().contains("no prompt"), r.result().errors().toString());
        assertTrue(r.result().errors().get(1).message().contains("no completion"), r.result().errors().toString());
        assertTrue(r.result().errors().get(3).message().contains("none of the user messages"), r.result().errors().toString());
        assertEquals(0, r.rows().size());
    }
}
