package org.ktoworkbench.model.eval;

/**
 * Says which of two completions of one prompt is better. For winrates the policy's completion is
 * passed as A and the reference's as B, so {@link Verdict#A} is a win for the policy.
 */
public interface Judge {
    Verdict compare(String prompt, String completionA, String completionB);
}
