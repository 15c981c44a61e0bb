package org.ktoworkbench.model.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A judge's verdicts on policy-versus-reference matchups, their {@link Winrate}, and, when the
 * judge can label single completions ({@link DesirabilityJudge}), how often each side was desirable.
 * The policy is always passed to the judge as A; exact judges have no position bias to average out.
 */
public record WinrateReport(List<Verdict> verdicts, Winrate winrate,
                            Optional<DesirableRate> policyDesirable, Optional<DesirableRate> referenceDesirable) {

    public WinrateReport {
        verdicts = List.copyOf(verdicts);
    }

    public static WinrateReport judge(Judge judge, List<Matchup> matchups) {
        List<Verdict> verdicts = new ArrayList<>(matchups.size());
        for (Matchup m : matchups) {
            verdicts.add(judge.compare(m.prompt(), m.policyText(), m.referenceText()));
        }
        Optional<DesirableRate> policy = Optional.empty();
        Optional<DesirableRate> reference = Optional.empty();
        if (judge instanceof DesirabilityJudge labeller) {
            policy = Optional.of(desirableRate(labeller, matchups, true));
            reference = Optional.of(desirableRate(labeller, matchups, false));
        }
        return new WinrateReport(verdicts, Winrate.of(verdicts), policy, reference);
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
