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
 * judge compare them; logs the mean completion length of each side's samples in tokens. The reference's samples are drawn once: the reference is frozen and uses the same seed.
 * A judge that fails ({@link JudgeException}) marks the point failed ({@link Result#failure}) instead of stopping the run.
 */
public final class SampleEvaluation {
    /** Logged as 1 at an eval point whose judge failed (server down, garbage answers); absent otherwise. */
    public static final String FAILED_METRIC = "winrate/failed";
    /** Mean completion length in tokens (EOS not counted) of the policy's samples at an eval point. */
    public static final String POLICY_LENGTH_METRIC = "eval/policy_length";
    /** The same for the reference's samples (the paper: KTO keeps the length, DPO without SFT inflates it). */
    public static final String REFERENCE_LENGTH_METRIC = "eval/reference_length";
    /** The verdict of a sample at such a point. */
    public static final String NOT_JUDGED = "not judged";

    private final SamplePrompts samplePrompts;
    private final Judge judge;
    private final List<String> prompts;
    private final GenerationConfig generation;
    private final SamplePrompts.Completions reference;

    /** @param reference the frozen model to compare against, or null to only label the policy's samples */
    public SampleEvaluation(CausalLm reference, SamplePrompts prompts, Judge judge, GenerationConfig generation) {
        this.samplePrompts = prompts;
        this.judge = judge;
        this.prompts = prompts.texts();
        this.generation = generation;
        this.reference = reference == null ? null : prompts.sample(reference, generation);
    }

    public Result run(CausalLm policy) {
        SamplePrompts.Completions sampled = samplePrompts.sample(policy, generation);
        List<String> policyTexts = sampled.texts();
        Map<String, Double> metrics = new LinkedHashMap<>();
        Map<String, Double> lengths = new LinkedHashMap<>();
        lengths.put(POLICY_LENGTH_METRIC, sampled.meanTokens());
        List<SampleRecord> samples = new ArrayList<>(prompts.size());
        if (reference == null) {
            int desirable = 0;
            DesirabilityJudge labeller = (DesirabilityJudge) judge;
            for (int i = 0; i < prompts.size(); i++) {
                boolean good = labeller.isDesirable(prompts.get(i), policyTexts.get(i));
                if (good) desirable++;
                samples.add(new SampleRecord(prompts.get(i), "", policyTexts.get(i), good ? "desirable" : "undesirable"));
            }
            metrics.put("desirable/policy", new DesirableRate(desirable, prompts.size()).value());
            metrics.putAll(lengths);
            return new Result(metrics, samples);
        }
        List<Matchup> matchups = new ArrayList<>(prompts.size());
        for (int i = 0; i < prompts.size(); i++) {
            matchups.add(new Matchup(prompts.get(i), policyTexts.get(i), reference.texts().get(i)));
        }
        lengths.put(REFERENCE_LENGTH_METRIC, reference.meanTokens());
        WinrateReport report;
        try {
            report = WinrateReport.judge(judge, matchups);
        } catch (JudgeException e) {
            return failed(matchups, lengths, e.getMessage());
        }
        metrics.put("winrate", report.winrate().value());
        metrics.put("winrate/lower", report.winrate().interval95().lower());
        metrics.put("winrate/upper", report.winrate().interval95().upper());
        report.policyDesirable().ifPresent(rate -> metrics.put("desirable/policy", rate.value()));
        report.referenceDesirable().ifPresent(rate -> metrics.put("desirable/reference", rate.value()));
        metrics.putAll(lengths);
        for (int i = 0; i < matchups.size(); i++) {
            Matchup m = matchups.get(i);
            Judgement judgement = report.judgements().get(i);
            samples.add(new SampleRecord(m.prompt(), m.referenceText(), m.policyText(), verdictText(judgement.verdict()),
                    judgement.answer()));
        }
        return new Result(metrics, samples);
    }

    /** An eval point whose judge gave no verdicts: {@link #FAILED_METRIC} = 1, the lengths, the samples kept unjudged with why. */
    private static Result failed(List<Matchup> matchups, Map<String, Double> lengths, String why) {
        List<SampleRecord> samples = new ArrayList<>(matchups.size());
        for (Matchup m : matchups) {
            samples.add(new SampleRecord(m.prompt(), m.referenceText(), m.policyText(), NOT_JUDGED, "judge failed: " + why));
        }
        Map<String, Double> metrics = new LinkedHashMap<>(lengths);
        metrics.put(FAILED_METRIC, 1.0);
        return new Result(metrics, samples, "the judge failed, so this point has no winrate: " + why);
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

    /** @param failure why the judge gave no verdicts at this point (null when it did) */
    public record Result(Map<String, Double> metrics, List<SampleRecord> samples, String failure) {
        Result(Map<String, Double> metrics, List<SampleRecord> samples) {
            this(metrics, samples, null);
        }
    }
}
