package org.ktoworkbench.model.eval.reward;

import org.ktoworkbench.model.eval.Judge;
import org.ktoworkbench.model.eval.JudgeException;
import org.ktoworkbench.model.eval.Judgement;
import org.ktoworkbench.model.eval.Matchup;
import org.ktoworkbench.model.eval.Verdict;
import org.ktoworkbench.model.loading.LoadedRewardModel;
import org.ktoworkbench.model.loading.ModelFolder;
import org.ktoworkbench.model.text.ChatTemplateException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Hugging Face reward model as the judge ({@code reward-model:DIR[#margin=M]}): each completion is scored with its
 * prompt ({@link LoadedRewardModel#ids}), the higher reward wins, and rewards within the margin tie. The folder is
 * checked when the judge is made and loaded at its first use, then kept until {@link #close}; each judgement's
 * answer records both rewards. A text the model cannot read (longer than its context, a template that refuses it)
 * fails the batch with a {@link JudgeException}.
 */
public final class RewardModelJudge implements Judge {
    /** Sequences scored in one forward pass, shortest first so that rows of a batch have similar lengths. */
    private static final int BATCH = 8;

    private final RewardModelSpec spec;
    private LoadedRewardModel loaded;

    private RewardModelJudge(RewardModelSpec spec) {
        this.spec = spec;
    }

    /** @throws IllegalArgumentException naming the spec and what is wrong with its folder (no weights are read) */
    public static RewardModelJudge open(RewardModelSpec spec) {
        check(spec);
        return new RewardModelJudge(spec);
    }

    /** @throws IllegalArgumentException naming the spec and what is wrong with its folder (no weights are read) */
    public static void check(RewardModelSpec spec) {
        try {
            ModelFolder.checkRewardModel(spec.dir());
        } catch (IOException e) {
            throw new IllegalArgumentException("judge '" + spec + "': " + e.getMessage(), e);
        }
    }

    public RewardModelSpec spec() {
        return spec;
    }

    /** One completion of one prompt, as the reward model scores it. */
    public record Completion(String prompt, String text) {}

    @Override
    public Verdict compare(String prompt, String completionA, String completionB) {
        return compareAll(List.of(new Matchup(prompt, completionA, completionB))).get(0).verdict();
    }

    @Override
    public synchronized List<Judgement> compareAll(List<Matchup> matchups) {
        List<Completion> texts = new ArrayList<>(2 * matchups.size());
        for (Matchup m : matchups) {
            texts.add(new Completion(m.prompt(), m.policyText()));
            texts.add(new Completion(m.prompt(), m.referenceText()));
        }
        float[] rewards = rewards(texts);
        List<Judgement> out = new ArrayList<>(matchups.size());
        for (int i = 0; i < matchups.size(); i++) {
            float a = rewards[2 * i];
            float b = rewards[2 * i + 1];
            out.add(new Judgement(verdict(a, b, spec.margin()), String.format(Locale.ROOT,
                    "reward A: %.6f\nreward B: %.6f\nmargin: %s", a, b, spec.margin())));
        }
        return out;
    }

    /** A wins when its reward is above B's by more than {@code margin}, B likewise; otherwise a tie. */
    static Verdict verdict(float a, float b, double margin) {
        double gap = (double) a - b;
        if (Math.abs(gap) <= margin) return Verdict.TIE;
        return gap > 0 ? Verdict.A : Verdict.B;
    }

    /**
     * The reward of each completion, in order; identical (prompt, completion) pairs are scored once.
     *
     * @throws JudgeException when the folder cannot be loaded or a text cannot be scored
     */
    public synchronized float[] rewards(List<Completion> completions) {
        LoadedRewardModel model = model();
        Map<Completion, int[]> distinct = new LinkedHashMap<>();
        for (Completion c : completions) {
            if (!distinct.containsKey(c)) distinct.put(c, tokens(model, c));
        }
        List<Completion> order = new ArrayList<>(distinct.keySet());
        order.sort(Comparator.comparingInt(c -> distinct.get(c).length));
        Map<Completion, Float> scored = new LinkedHashMap<>();
        for (int start = 0; start < order.size(); start += BATCH) {
            List<Completion> batch = order.subList(start, Math.min(order.size(), start + BATCH));
            float[] rewards = model.model().rewards(batch.stream().map(distinct::get).toList());
            for (int i = 0; i < rewards.length; i++) scored.put(batch.get(i), rewards[i]);
        }
        float[] out = new float[completions.size()];
        for (int i = 0; i < out.length; i++) out[i] = scored.get(completions.get(i));
        return out;
    }

    private int[] tokens(LoadedRewardModel model, Completion c) {
        int[] ids;
        try {
            ids = model.ids(c.prompt(), c.text());
        } catch (ChatTemplateException e) {
            throw new JudgeException("reward model " + spec.dir() + ": " + e.getMessage());
        }
        if (ids.length == 0) {
            throw new JudgeException("reward model " + spec.dir() + ": a prompt and completion gave no tokens");
        }
        int context = model.model().contextLength();
        if (ids.length > context) {
            throw new JudgeException("reward model " + spec.dir() + ": a prompt and completion of " + ids.length
                    + " tokens is longer than the model's context of " + context);
        }
        return ids;
    }

    private LoadedRewardModel model() {
        if (loaded == null) {
            try {
                loaded = ModelFolder.loadRewardModel(spec.dir());
            } catch (IOException | RuntimeException e) {
                throw new JudgeException("reward model " + spec.dir() + " could not be loaded: " + e.getMessage());
            }
        }
        return loaded;
    }

    /** Frees the model's weights and tokenizer; a later use loads them again. */
    @Override
    public synchronized void close() {
        if (loaded != null) {
            loaded.close();
            loaded = null;
        }
    }

    @Override
    public String toString() {
        return spec.toString();
    }
}
