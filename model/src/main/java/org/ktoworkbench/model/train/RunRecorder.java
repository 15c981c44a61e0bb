package org.ktoworkbench.model.train;

import org.ktoworkbench.model.store.RunStore;

/** Writes a run's events to the workspace, so the GUI and later commands see every point. */
public final class RunRecorder implements RunListener {
    private final RunStore runs;

    public RunRecorder(RunStore runs) {
        this.runs = runs;
    }

    @Override
    public void onEvent(RunEvent event) {
        if (event instanceof RunEvent.Step step) {
            runs.appendMetrics(step.runId(), step.step(), step.metrics());
        } else if (event instanceof RunEvent.Eval eval) {
            runs.appendMetrics(eval.runId(), eval.step(), eval.metrics());
            if (!eval.samples().isEmpty()) runs.addSamples(eval.runId(), eval.step(), eval.samples());
        } else if (event instanceof RunEvent.Status status) {
            runs.setStatus(status.runId(), status.status(), status.message());
        }
    }
}
