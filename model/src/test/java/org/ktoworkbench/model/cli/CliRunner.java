package org.ktoworkbench.model.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/** Runs the command line in this JVM and keeps what it printed; fails the test on a printed stack trace. */
final class CliRunner {
    private CliRunner() {}

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        /** Fails when stdout or stderr holds a control character other than the line ends the CLI writes itself. */
        Result assertTerminalSafe() {
            assertNoControls(out);
            assertNoControls(err);
            return this;
        }

        private static void assertNoControls(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c != '\n' && Character.isISOControl(c)) {
                    fail(String.format("control character U+%04X at %d in:%n%s", (int) c, i, text));
                }
            }
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out), new PrintWriter(err), args);
        assertFalse(err.toString().contains("\tat ") || out.toString().contains("\tat "), "stack trace printed:\n" + err);
        return new Result(code, out.toString(), err.toString());
    }
}
