package org.ktoworkbench.model.store;

/** A generation logged during a run: the prompt, the reference's and the policy's text, and the judge's verdict. */
public record SampleRecord(String prompt, String referenceText, String policyText, String verdict) {
}
