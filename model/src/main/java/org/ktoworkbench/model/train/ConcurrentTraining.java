package org.ktoworkbench.model.train;

import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.store.Workspace;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Other trainings on the same workspace, told before a new one starts: on a CPU two trainings at once oversubscribe
 * the cores (measured on 2 cores: 670-940 tokens/s together against about 5,300 alone).
 */
public final class ConcurrentTraining {
    private ConcurrentTraining() {}

    /** The runs a live process trains (their owner lock is held), except {@code except}. */
    public static List<RunInfo> others(Workspace workspace, Collection<Long> except) {
        return workspace.runs().listRuns().stream()
                .filter(r -> r.status() == RunStatus.RUNNING && !except.contains(r.id())).toList();
    }

    /** One line naming {@code running}, the runs that train already, or empty when there are none. */
    public static Optional<String> warning(List<RunInfo> running) {
        if (running.isEmpty()) return Optional.empty();
        String runs = running.stream().map(ConcurrentTraining::describe).collect(Collectors.joining(", "));
        return Optional.of((running.size() == 1 ? "run " : "runs ") + runs + (running.size() == 1 ? " is" : " are")
                + " training on this workspace already; trainings at once share the CPU cores and each runs several"
                + " times slower than alone (let " + (running.size() == 1 ? "it" : "them") + " finish first to train faster)");
    }

    private static String describe(RunInfo run) {
        String owner = run.ownerPid() == null ? "" : run.ownerPid() == ProcessHandle.current().pid() ? ", this process"
                : ", pid " + run.ownerPid();
        return run.id() + " (" + run.name() + owner + ")";
    }
}
