package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.data.DataError;
import org.ktoworkbench.model.data.InvalidDatasetException;
import picocli.CommandLine;

import java.io.PrintWriter;

/**
 * Prints failures for people: data problems one per line as {@code file:line: field: message}, other
 * errors as one {@code error:} line. Stack traces only with {@code KTO_DEBUG=1}, for bugs.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int ERROR_EXIT = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        if (e instanceof InvalidDatasetException invalid) {
            printProblems(err, invalid.errors(), invalid.totalErrors());
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println("error: " + TerminalText.escape(message));
        if ("1".equals(System.getenv("KTO_DEBUG"))) {
            e.printStackTrace(err);
        }
        err.flush();
        return ERROR_EXIT;
    }

    static void printProblems(PrintWriter out, java.util.List<DataError> errors, long total) {
        for (DataError error : errors) {
            out.println(TerminalText.escape(error.format()));
        }
        if (total > errors.size()) {
            out.println("... and " + (total - errors.size()) + " more problems");
        }
    }
}
