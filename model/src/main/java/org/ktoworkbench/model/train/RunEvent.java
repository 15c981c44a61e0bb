package org.ktoworkbench.model.train;

import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.SampleRecord;

import java.util.List;
import java.util.Map;

/** What a training run reports, in order, on the training thread. */
public sealed interface RunEvent {

    long runId();

    /** One optimizer step ({@code step} counts steps done, from 1): TRL's metric names plus tokens/s. */
    record Step(long runId, Phase phase, long step, long totalSteps, Map<String, Double> metrics,
                double secondsElapsed, double etaSeconds) implements RunEvent {}

    /** An evaluation point: eval-split loss and rewards, winrate with its interval, and the judged samples. */
    record Eval(long runId, long step, Map<String, Double> metrics, List<SampleRecord> samples) implements RunEvent {}

    /** The run moved to another status (started, finished, cancelled, failed); message says why. */
    record Status(long runId, Phase phase, RunStatus status, String message) implements RunEvent {}

    /** Something the user should know about the run that is not a failure (rows dropped or cut by max length). */
    record Notice(long runId, Phase phase, String message) implements RunEvent {}

    enum Phase { SFT, KTO }
}
