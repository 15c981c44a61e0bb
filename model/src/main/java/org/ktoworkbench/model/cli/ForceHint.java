package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.RunTrainingException;

/** The refusal of a run that reads as training, with the way out for a user who knows its process is gone. */
final class ForceHint {
    private ForceHint() {}

    static String of(RunTrainingException e, String command) {
        return e.getMessage() + "; if you know it is not (its process hung or its machine restarted), run: kto-workbench "
                + command + " " + e.runId() + " --force";
    }
}
