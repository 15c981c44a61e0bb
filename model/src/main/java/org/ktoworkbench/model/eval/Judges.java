package org.ktoworkbench.model.eval;

import org.ktoworkbench.model.data.UserText;
import org.ktoworkbench.model.eval.openai.Environment;
import org.ktoworkbench.model.eval.openai.OpenAiJudge;
import org.ktoworkbench.model.eval.openai.OpenAiJudgeSettings;
import org.ktoworkbench.model.eval.openai.OpenAiJudgeSpec;
import org.ktoworkbench.model.eval.reward.RewardModelJudge;
import org.ktoworkbench.model.eval.reward.RewardModelSpec;
import org.ktoworkbench.model.sample.DigitIncrementTask;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The judges a user can pick (CLI {@code --judge}, the GUI's judge list): by name, or by a spec with settings in it
 * ({@code openai:URL[#model]}, an OpenAI-compatible server, its API key from the environment, never the spec;
 * {@code reward-model:DIR[#margin=M]}, a Hugging Face reward model folder). Close the judge when done with it.
 */
public final class Judges {
    public static final String ARITHMETIC = DigitIncrementTask.NAME;

    private static final Map<String, Judge> BY_NAME = new TreeMap<>(Map.of(ARITHMETIC, new ArithmeticJudge()));
    /** The forms of judge specs that are not plain names, as messages show them. */
    private static final List<String> SPEC_FORMS = List.of(OpenAiJudgeSpec.FORM, RewardModelSpec.FORM);

    private Judges() {
    }

    /** Names known to {@link #byName}, sorted. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /**
     * The judge called {@code name} (case-insensitive), or the one a spec describes; a clear error otherwise (a
     * reward model's folder is checked here, and loaded when the judge is first used).
     */
    public static Judge byName(String name) {
        return byName(name, Environment.SYSTEM);
    }

    /** {@link #byName(String)} with the API keys of server judges read from {@code environment}. */
    public static Judge byName(String name, Environment environment) {
        if (OpenAiJudgeSpec.isOpenAi(name)) {
            return new OpenAiJudge(OpenAiJudgeSpec.parse(name), environment, OpenAiJudgeSettings.defaults());
        }
        if (RewardModelSpec.isRewardModel(name)) {
            return RewardModelJudge.open(RewardModelSpec.parse(name));
        }
        Judge judge = find(name);
        if (judge == null) throw new IllegalArgumentException(unknown(name));
        return judge;
    }

    /**
     * Whether {@link #byName} knows {@code name}: a known name, or a well-formed spec (nothing is contacted; a reward
     * model's folder is checked from its config and file headers).
     */
    public static boolean isKnown(String name) {
        return isSpec(name) ? specProblem(name) == null : find(name) != null;
    }

    /** What is wrong with a name {@link #byName} does not know, with the names and forms it does. */
    public static String unknown(String name) {
        String problem = isSpec(name) ? specProblem(name) : null;
        if (problem != null) return problem;
        return "unknown judge '" + UserText.clip(name) + "'; known judges: " + String.join(", ", names()) + ", "
                + String.join(", ", SPEC_FORMS);
    }

    private static boolean isSpec(String name) {
        return OpenAiJudgeSpec.isOpenAi(name) || RewardModelSpec.isRewardModel(name);
    }

    /** What is wrong with an {@code openai:} or {@code reward-model:} spec; null when it is usable. */
    private static String specProblem(String spec) {
        try {
            if (OpenAiJudgeSpec.isOpenAi(spec)) {
                OpenAiJudgeSpec.parse(spec);
            } else {
                RewardModelJudge.check(RewardModelSpec.parse(spec));
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static Judge find(String name) {
        return name == null ? null : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
    }
}
