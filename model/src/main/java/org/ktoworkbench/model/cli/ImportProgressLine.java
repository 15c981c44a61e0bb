package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.ImportProgress;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Import progress on one stderr line redrawn in place, on a terminal only (a log gets the final report alone).
 * Ctrl-C needs no help here: a killed import never commits, so nothing is stored.
 */
final class ImportProgressLine implements ImportProgress {
    private final PrintWriter err;
    private final boolean terminal;
    private final String file;
    private boolean drawn;

    ImportProgressLine(PrintWriter err, boolean terminal, String file) {
        this.err = err;
        this.terminal = terminal;
        this.file = file;
    }

    static ImportProgressLine forConsole(PrintWriter err, String file) {
        return new ImportProgressLine(err, System.console() != null, file);
    }

    @Override
    public void reading(long bytesRead, long totalBytes) {
        if (totalBytes <= 0) return;
        draw(String.format(Locale.ROOT, "reading %s: %d%% of %.1f MB", file, 100 * bytesRead / totalBytes,
                totalBytes / 1e6));
    }

    @Override
    public void committing() {
        draw("writing " + file + " into the workspace…");
    }

    @Override
    public boolean isCancelled() {
        return false;
    }

    /** Clears the line so that the report that follows starts on a clean one. */
    void finish() {
        if (drawn) {
            err.print("\r\u001b[K");
            err.flush();
            drawn = false;
        }
    }

    private void draw(String text) {
        if (!terminal) return;
        err.print("\r" + text + "\u001b[K");
        err.flush();
        drawn = true;
    }
}
