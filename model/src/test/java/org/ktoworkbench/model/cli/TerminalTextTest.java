package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.train.RunEvent;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class TerminalTextTest {
    @Test
    void controlCharactersBecomeVisibleAndOtherTextStaysAsItIs() {
        assertEquals("\\e[2J\\e]0;pwned\\u0007", TerminalText.escape("\u001b[2J\u001b]0;pwned\u0007"));
        assertEquals("a\\nb\\r\\tc\\u0000\\u007f\\u009b", TerminalText.escape("a\nb\r\tc\u0000\u007f\u009b"));
        String plain = "inc 3795= → 4806 «é» \\e";
        assertSame(plain, TerminalText.escape(plain));
        assertEquals(null, TerminalText.escape((String) null));
    }

    @Test
    void tableCellsShowNewlinesAndEscapesOnOneRow() {
        StringWriter out = new StringWriter();
        new TextTable("prompt", "n").row("two\nlines \u001b[31m", 3).print(new PrintWriter(out));
        assertEquals("prompt             n\ntwo\\nlines \\e[31m  3\n", out.toString().replace(System.lineSeparator(), "\n"));
    }

    @Test
    void progressStatusMessagesAreEscaped() {
        StringWriter out = new StringWriter();
        ProgressLine progress = new ProgressLine(new PrintWriter(out), false);
        progress.onEvent(new RunEvent.Status(3, RunEvent.Phase.KTO, RunStatus.FAILED, "no dataset named 'x\u001b]0;t\u0007'"));
        assertEquals("kto run 3: failed — no dataset named 'x\\e]0;t\\u0007'\n", out.toString().replace(System.lineSeparator(), "\n"));
    }
}
