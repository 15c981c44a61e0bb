package org.ktoworkbench.model.eval;

/**
 * A judge that can also label a single completion desirable or not, the way KTO data is labelled.
 * Its comparison follows from the labels alone: desirable beats undesirable, two alike tie.
 */
public interface DesirabilityJudge extends Judge {
    boolean isDesirable(String prompt, String completion);

    @Override
    default Verdict compare(String prompt, String completionA, String completionB) {
        return Verdict.fromDesirability(isDesirable(prompt, completionA), isDesirable(prompt, completionB));
    }
}
