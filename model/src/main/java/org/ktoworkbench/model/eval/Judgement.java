package org.ktoworkbench.model.eval;

/**
 * A judge's verdict on one pair, with what the judge answered in its own words when it has words (a language-model
 * judge's raw replies) or the scores it computed (a reward model's two rewards); {@code answer} is null for judges
 * that compute their verdict from nothing worth keeping.
 */
public record Judgement(Verdict verdict, String answer) {
    public Judgement {
        if (verdict == null) throw new IllegalArgumentException("a judgement needs a verdict");
    }
}
