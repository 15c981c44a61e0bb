package org.ktoworkbench.model.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Says which of two completions of one prompt is better. For winrates the policy's completion is
 * passed as A and the reference's as B, so {@link Verdict#A} is a win for the policy.
 *
 * <p>A judge that asks a server may fail ({@link JudgeException}): it could not be reached, or its answer named
 * neither completion. A judge that holds a model ({@code reward-model:DIR}) frees it on {@link #close}.
 */
public interface Judge extends AutoCloseable {
    Verdict compare(String prompt, String completionA, String completionB);

    /**
     * Every matchup judged with its policy text as A, in order. Judges that ask a server override this to have several
     * pairs in flight at once; this one asks {@link #compare} pair by pair and has no raw answers to keep.
     */
    default List<Judgement> compareAll(List<Matchup> matchups) {
        List<Judgement> judgements = new ArrayList<>(matchups.size());
        for (Matchup m : matchups) {
            judgements.add(new Judgement(compare(m.prompt(), m.policyText(), m.referenceText()), null));
        }
        return judgements;
    }

    /** Frees what the judge holds (a reward model's weights); judges that hold nothing do nothing. */
    @Override
    default void close() {
    }
}
