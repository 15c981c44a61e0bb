package org.ktoworkbench.model.train;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.Split;
import org.ktoworkbench.model.store.Workspace;

import java.util.Objects;
import java.util.Optional;

/**
 * Keeps a run on the data it started with. A phase that starts from step 0 records its {@link SplitFingerprint}; a
 * resumed run must find the same rows again, and so must a KTO run whose base trained on the same dataset (else
 * prompts the base trained on could be the eval prompts of its winrate). Refusals say what changed and what to do.
 * Runs recorded before fingerprints existed are not checked.
 */
final class RunDataCheck {
    private RunDataCheck() {}

    /** Before a run resumes; a refusal leaves its status as it was. */
    static void beforeResume(Workspace workspace, RunInfo run) {
        Optional<SplitFingerprint> then = recorded(workspace, run.id());
        if (then.isPresent()) {
            refuseIfChanged("run " + run.id() + " cannot resume", "the run started", run.datasetName(), then.get(),
                    current(workspace, run.datasetName()), "resume it");
        }
    }

    /** Before a KTO run is made from {@code baseRunId} on {@code dataset}. */
    static void beforeKtoFrom(Workspace workspace, long baseRunId, String dataset) {
        checkBase(workspace, baseRunId, dataset, current(workspace, dataset));
    }

    /** When a phase has read its rows ({@code now}): the same checks on exactly those rows, then the record. */
    static void atPhaseStart(Workspace workspace, long runId, SplitFingerprint now, boolean fromStepZero) {
        RunInfo run = workspace.runs().run(runId).orElseThrow(() -> new IllegalArgumentException("no run " + runId));
        Optional<SplitFingerprint> then = recorded(workspace, runId);
        if (then.isPresent()) {
            refuseIfChanged("run " + runId + " cannot continue", "the run started", run.datasetName(), then.get(), now,
                    "resume it");
            return;
        }
        if (run.parentRunId() != null) checkBase(workspace, run.parentRunId(), run.datasetName(), now);
        if (fromStepZero) workspace.runs().setSplitFingerprint(runId, now.toJson());
    }

    private static void checkBase(Workspace workspace, long baseRunId, String dataset, SplitFingerprint now) {
        Optional<RunInfo> base = workspace.runs().run(baseRunId);
        if (base.isEmpty() || !dataset.equals(base.get().datasetName())) return; // a base from other data shares no rows
        Optional<SplitFingerprint> then = recorded(workspace, baseRunId);
        if (then.isPresent()) {
            refuseIfChanged("KTO cannot start from base run " + baseRunId, "the base trained", dataset, then.get(), now,
                    "start KTO from it (train --base-run " + baseRunId + ")");
        }
    }

    private static void refuseIfChanged(String subject, String since, String dataset, SplitFingerprint then,
                                        SplitFingerprint now, String goOn) {
        if (then.sameRows(now)) return;
        boolean sameRows = then.trainRows() + then.evalRows() == now.trainRows() + now.evalRows();
        boolean otherSplit = then.evalFraction() != null && (!Objects.equals(then.evalFraction(), now.evalFraction())
                || !Objects.equals(then.splitSeed(), now.splitSeed()));
        String advice = sameRows && otherSplit
                ? "split it as it was (split '" + dataset + "' --eval-fraction " + then.evalFraction() + " --seed "
                        + then.splitSeed() + ") to " + goOn + ", or start a new run"
                : "its rows are not the ones " + since + " on: start a new run";
        throw new IllegalStateException(subject + ": dataset '" + dataset + "' changed since " + since + " on it (then "
                + then.describe() + "; now " + now.describe() + "); " + advice);
    }

    private static Optional<SplitFingerprint> recorded(Workspace workspace, long runId) {
        return workspace.runs().splitFingerprint(runId).map(SplitFingerprint::fromJson);
    }

    private static SplitFingerprint current(Workspace workspace, String dataset) {
        return SplitFingerprint.of(workspace.datasets().examples(dataset, Split.TRAIN),
                workspace.datasets().examples(dataset, Split.EVAL), workspace.datasets().get(dataset));
    }
}
