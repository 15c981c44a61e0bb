package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.eval.SampleEvaluation;
import org.ktoworkbench.model.train.RunEvent;
import org.ktoworkbench.model.train.RunListener;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/**
 * The CLI's progress bar: one line redrawn in place on a terminal, a line every few seconds otherwise (logs, CI).
 * Shows step, loss, reward gap, kl, the latest winrate and the ETA.
 */
final class ProgressLine implements RunListener {
    private static final int WIDTH = 24;
    private static final long PLAIN_INTERVAL_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean terminal;
    private long lastPlainLine;
    private Double winrate;
    private boolean dirty;

    ProgressLine(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    static ProgressLine forConsole(PrintWriter out) {
        return new ProgressLine(out, System.console() != null);
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event instanceof RunEvent.Step step) {
            draw(step);
        } else if (event instanceof RunEvent.Eval eval) {
            winrate = eval.metrics().get("winrate");
            finishLine();
            out.println(evalLine(eval));
        } else if (event instanceof RunEvent.Status status) {
            finishLine();
            out.println(status.phase().name().toLowerCase(Locale.ROOT) + " run " + status.runId() + ": "
                    + status.status().name().toLowerCase(Locale.ROOT)
                    + (status.message() == null || status.message().isBlank() ? ""
                    : " — " + TerminalText.escape(status.message())));
        } else if (event instanceof RunEvent.Notice notice) {
            finishLine();
            out.println(notice.phase().name().toLowerCase(Locale.ROOT) + " run " + notice.runId() + ": note: "
                    + TerminalText.escape(notice.message()));
        }
    }

    private void draw(RunEvent.Step step) {
        boolean last = step.step() >= step.totalSteps();
        long now = System.nanoTime();
        if (!terminal && !last && now - lastPlainLine < PLAIN_INTERVAL_NANOS) return;
        lastPlainLine = now;
        String line = stepLine(step);
        if (terminal) {
            out.print("\r" + line + "\u001b[K");
            dirty = true;
            if (last) finishLine();
        } else {
            out.println(line);
        }
        out.flush();
    }

    private void finishLine() {
        if (dirty) {
            out.println();
            dirty = false;
        }
    }

    String stepLine(RunEvent.Step step) {
        long done = step.step();
        int filled = (int) Math.round(WIDTH * (double) done / Math.max(1, step.totalSteps()));
        Map<String, Double> m = step.metrics();
        StringBuilder line = new StringBuilder()
                .append(String.format(Locale.ROOT, "%-3s [%s%s] %d/%d", step.phase().name().toLowerCase(Locale.ROOT),
                        "#".repeat(filled), ".".repeat(WIDTH - filled), done, step.totalSteps()));
        append(line, "loss", m.get("loss"), "%.4f");
        append(line, "gap", m.get("rewards/margins"), "%.3f");
        append(line, "kl", m.get("kl"), "%.4f");
        append(line, "winrate", winrate, "%.2f");
        append(line, "tok/s", m.get("tokens/s"), "%.0f");
        line.append("  ETA ").append(formatDuration(step.etaSeconds()));
        return line.toString();
    }

    private static String evalLine(RunEvent.Eval eval) {
        Map<String, Double> m = eval.metrics();
        StringBuilder line = new StringBuilder("eval @ step " + eval.step() + ":");
        append(line, "winrate", m.get("winrate"), "%.3f");
        if (m.containsKey(SampleEvaluation.FAILED_METRIC)) line.append("  winrate: the judge failed (see the note above)");
        if (m.containsKey("winrate/lower")) {
            line.append(String.format(Locale.ROOT, " [%.3f, %.3f]", m.get("winrate/lower"), m.get("winrate/upper")));
        }
        append(line, "desirable", m.get("desirable/policy"), "%.3f");
        append(line, "reference desirable", m.get("desirable/reference"), "%.3f");
        append(line, "eval loss", m.get("eval/loss"), "%.4f");
        return line.toString();
    }

    private static void append(StringBuilder line, String label, Double value, String format) {
        if (value != null) line.append("  ").append(label).append(' ').append(String.format(Locale.ROOT, format, value));
    }

    static String formatDuration(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) return "--";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }
}
