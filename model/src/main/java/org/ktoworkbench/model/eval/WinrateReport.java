package org.ktoworkbench.model.eval;

import java.util.List;
import java.util.Optional;

/**
 * A judge's verdicts on policy-versus-reference matchups (with the judge's raw answers where it has them), their
 * {@link Winrate}, and, when the judge can label single completions ({@link DesirabilityJudge}), how often each side
 * was desirable. The policy is always passed to the judge as A; exact judges have no position bias to average out,
 * and judges that have one average it out themselves (both orders).
 */
public record WinrateReport(List<Judgement> judgements, Winrate winrate,
                            Optional<DesirableRate> policyDesirable, Optional<DesirableRate> referenceDesirable) {

    public WinrateReport {
        judgements = List.copyOf(judgements);
    }

    /** @throws JudgeException when the judge could not judge every matchup */
    public static WinrateReport judge(Judge judge, List<Matchup> matchups) {
        List<Judgement> judgements = judge.compareAll(matchups);
        if (judgements.size() != matchups.size()) {
            throw new IllegalStateException("judge returned " + judgements.size() + " verdicts for " + matchups.size() + " pairs");
        }
        Optional<DesirableRate> policy = Optional.empty();
        Optional<DesirableRate> reference = Optional.empty();
        if (judge instanceof DesirabilityJudge labeller) {
            policy = Optional.of(desirableRate(labeller, matchups, true));
            reference = Optional.of(desirableRate(labeller, matchups, false));
        }
        return new WinrateReport(judgements, Winrate.of(verdictsOf(judgements)), policy, reference);
    }

    public List<Verdict> verdicts() {
        return verdictsOf(judgements);
    }

    private static List<Verdict> verdictsOf(List<Judgement> judgements) {
        return judgements.stream().map(Judgement::verdict).toList();
    }

    private static DesirableRate desirableRate(DesirabilityJudge judge, List<Matchup> matchups, boolean ofPolicy) {
        int desirable = 0;
        for (Matchup m : matchups) {
            if (judge.isDesirable(m.prompt(), ofPolicy ? m.policyText() : m.referenceText())) {
                desirable++;
            }
        }
        return new DesirableRate(desirable, matchups.size());
    }
}
