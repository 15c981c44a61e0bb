package org.ktoworkbench.model.experiments;

import org.ktoworkbench.model.store.Workspace;

import java.util.List;

/**
 * One of the paper's experiments in miniature, on the embedded task: datasets it derives from the embedded ones, and
 * its arms, each aligned from one shared SFT base and judged by the same winrate against it.
 *
 * @param paperSays what the paper reports, for the reader to hold the result against
 */
public interface Experiment {
    String name();

    String description();

    String paperSays();

    /** Makes the datasets the arms align on (kept in the workspace, reused when present), then the arms. */
    List<Arm> arms(Workspace ws);
}
