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

    /** Show this run on the monitor (a run just started, or one picked in the runs list). */
    public record FollowRun(long runId) {
    }

    /** A run could not start or stopped with an error outside the run itself (bad config, missing dataset). */
    public record RunFailed(String message) {
    }

    /** A sweep was created, changed status, or one of its points started or ended; -1: any sweep. */
    public record SweepsChanged(long sweepId) {
    }

    /** Show a page. */
    public record Navigate(Page page) {
    }

    /** The run screen now trains the model in this folder; the datasets page tokenizes with it too. */
    public record ModelFolderChosen(java.nio.file.Path folder) {
    }

    /** Overlay these runs on the comparison charts. */
    public record CompareRuns(java.util.List<Long> runIds) {
    }
}
