package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.train.RunSummary;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The final lines of {@code train} and {@code resume}: one per run, then one summary line naming the winrate. */
final class RunSummaries {
    private RunSummaries() {}

    /** @return the exit code: 0 when every run completed */
    static int print(PrintWriter out, List<RunSummary> summaries) {
        for (RunSummary s : summaries) {
            out.printf(Locale.ROOT, "%s run %d %s after %d steps%s%n", s.phase().name().toLowerCase(Locale.ROOT),
                    s.runId(), s.status().name().toLowerCase(Locale.ROOT), s.stepsDone(),
                    s.status() == RunStatus.COMPLETED ? "" : ": " + TerminalText.escape(s.message()));
        }
        if (summaries.isEmpty()) {
            out.println("nothing to train: steps and sftSteps are both 0");
            return 0;
        }
        RunSummary last = summaries.get(summaries.size() - 1);
        out.println(summaryLine(summaries));
        return last.status() == RunStatus.COMPLETED ? 0 : 1;
    }

    static String summaryLine(List<RunSummary> summaries) {
        StringBuilder line = new StringBuilder("summary:");
        for (RunSummary s : summaries) {
            Map<String, Double> eval = s.lastEval();
            String phase = s.phase().name().toLowerCase(Locale.ROOT);
            if (eval.containsKey("winrate")) {
                line.append(String.format(Locale.ROOT, " winrate %.3f [%.3f, %.3f] against the reference,",
                        eval.get("winrate"), eval.get("winrate/lower"), eval.get("winrate/upper")));
            }
            if (eval.containsKey("desirable/policy")) {
                line.append(String.format(Locale.ROOT, " %s desirable %.3f,", phase, eval.get("desirable/policy")));
            }
            Double loss = s.lastMetrics().get("loss");
            if (loss != null) line.append(String.format(Locale.ROOT, " %s loss %.4f,", phase, loss));
        }
        if (line.charAt(line.length() - 1) == ',') line.setLength(line.length() - 1);
        return line.toString();
    }
}
