package org.ktoworkbench.model.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;

/** Runs the command line in this JVM and keeps what it printed; fails the test on a printed stack trace. */
final class CliRunner {
    private CliRunner() {}

    record Result(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
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
