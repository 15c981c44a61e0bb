package org.ktoworkbench.model.eval;

/** One held-out prompt with the policy's and the reference's sampled completions. */
public record Matchup(String prompt, String policyText, String referenceText) {
}
