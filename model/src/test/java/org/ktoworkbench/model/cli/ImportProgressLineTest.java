package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ImportProgressLineTest {
    @Test
    void aTerminalSeesOneLineRedrawnThenCleared() {
        StringWriter text = new StringWriter();
        ImportProgressLine line = new ImportProgressLine(new PrintWriter(text), true, "big.jsonl");
        line.reading(1_048_576, 4_194_304);
        line.committing();
        line.finish();
        assertEquals("\rreading big.jsonl: 25% of 4.2 MB\u001b[K\rwriting big.jsonl into the workspace…\u001b[K\r\u001b[K",
                text.toString());
    }

    @Test
    void aLogGetsNothing() {
        StringWriter text = new StringWriter();
        ImportProgressLine line = new ImportProgressLine(new PrintWriter(text), false, "big.jsonl");
        line.reading(1_048_576, 4_194_304);
        line.committing();
        line.finish();
        assertEquals("", text.toString());
    }
}
