package org.ktoworkbench.app.event;

import org.ktoworkbench.app.layout.Page;

/** The events pages exchange over the {@link EventBus}. */
public final class WorkbenchEvents {
    private WorkbenchEvents() {
    }

    /** The datasets in the workspace changed (an import finished). */
    public record DatasetsChanged(String selectName) {
    }

    /** A run was created, changed status or ended; the runs list should reload. */
    public record RunsChanged(long runId) {
    }

    /** A run was started from the GUI; the monitor should follow it. */
    public record RunStarted(long runId) {
    }

    /** Show a page. */
    public record Navigate(Page page) {
    }

    /** Overlay these runs on the comparison charts. */
    public record CompareRuns(java.util.List<Long> runIds) {
    }
}
