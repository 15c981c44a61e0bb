package org.ktoworkbench.model.store;

/**
 * A generation logged during a run: the prompt, the reference's and the policy's text, the judge's verdict, and the
 * judge's raw answer when it has one (a language-model judge's replies, or why it failed; null otherwise).
 */
public record SampleRecord(String prompt, String referenceText, String policyText, String verdict, String judgeAnswer) {

    /** A sample whose judge keeps no raw answer. */
    public SampleRecord(String prompt, String referenceText, String policyText, String verdict) {
        this(prompt, referenceText, policyText, verdict, null);
    }
}
