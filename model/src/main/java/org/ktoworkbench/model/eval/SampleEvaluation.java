package org.ktoworkbench.model.eval;

import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.GenerationConfig;
import org.ktoworkbench.model.store.SampleRecord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples one completion per held-out prompt from the policy (and the reference, when there is one) and has the
 * judge compare them. The reference's samples are drawn once: the reference is frozen and uses the same seed.
 */
public final class SampleEvaluation {
    private final SamplePrompts samplePrompts;
    private final Judge judge;
    private final List<String> prompts;
    private final GenerationConfig generation;
    private final List<String> referenceTexts;

    /** @param reference the frozen model to compare against, or null to only label the policy's samples */
    public SampleEvaluation(CausalLm reference, SamplePrompts prompts, Judge judge, GenerationConfig generation) {
        this.samplePrompts = prompts;
        this.judge = judge;
        this.prompts = prompts.texts();
        this.generation = generation;
        this.referenceTexts = reference == null ? null : prompts.sample(reference, generation);
    }

    public Result run(CausalLm policy) {
        List<String> policyTexts = samplePrompts.sample(policy, generation);
        Map<String, Double> metrics = new LinkedHashMap<>();
        List<SampleRecord> samples = new ArrayList<>(prompts.size());
        if (referenceTexts == null) {
            int desirable = 0;
            DesirabilityJudge labeller = (DesirabilityJudge) judge;
            for (int i = 0; i < prompts.size(); i++) {
                boolean good = labeller.isDesirable(prompts.get(i), policyTexts.get(i));
                if (good) desirable++;
                samples.add(new SampleRecord(prompts.get(i), "", policyTexts.get(i), good ? "desirable" : "undesirable"));
            }
            metrics.put("desirable/policy", new DesirableRate(desirable, prompts.size()).value());
            return new Result(metrics, samples);
        }
        List<Matchup> matchups = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            matchups.add(new Matchup(prompts.get(i), policyTexts.get(i), referenceTexts.get(i)));
        }
        WinrateReport report = WinrateReport.judge(judge, matchups);
        metrics.put("winrate", report.winrate().value());
        metrics.put("winrate/lower", report.winrate().interval95().lower());
        metrics.put("winrate/upper", report.winrate().interval95().upper());
        report.policyDesirable().ifPresent(rate -> metrics.put("desirable/policy", rate.value()));
        report.referenceDesirable().ifPresent(rate -> metrics.put("desirable/reference", rate.value()));
        for (int i = 0; i < matchups.size(); i++) {
            Matchup m = matchups.get(i);
            samples.add(new SampleRecord(m.prompt(), m.referenceText(), m.policyText(), verdictText(report.verdicts().get(i))));
        }
        return new Result(metrics, samples);
    }

    /** Whether this evaluation can run without a reference: the judge must label single completions. */
    public static boolean canLabel(Judge judge) {
        return judge instanceof DesirabilityJudge;
    }

    private static String verdictText(Verdict verdict) {
        return switch (verdict) {
            case A -> "policy";
            case B -> "reference";
            case TIE -> "tie";
        };
    }

    public record Result(Map<String, Double> metrics, List<SampleRecord> samples) {}
}
