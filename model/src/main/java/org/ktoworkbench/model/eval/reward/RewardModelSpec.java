package org.ktoworkbench.model.eval.reward;

import org.ktoworkbench.model.data.UserText;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A judge spec {@code reward-model:DIR[#margin=M]}: the folder of a Hugging Face reward model and the margin within
 * which two rewards tie ({@code |r_A - r_B| <= M}; default 0, a tie only on equal rewards). The margin is in the
 * reward model's own units, which differ from model to model.
 */
public record RewardModelSpec(Path dir, double margin) {
    public static final String PREFIX = "reward-model:";
    public static final String FORM = PREFIX + "DIR[#margin=M]";
    private static final String MARGIN = "margin=";

    public RewardModelSpec {
        if (!(margin >= 0) || Double.isInfinite(margin)) throw new IllegalArgumentException("margin must be 0 or more");
    }

    /** Whether {@code spec} is meant as a reward-model judge (it starts with {@value #PREFIX}, any case). */
    public static boolean isRewardModel(String spec) {
        return spec != null && spec.strip().toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /** @throws IllegalArgumentException naming the spec and what is wrong with its form (the folder is not read) */
    public static RewardModelSpec parse(String spec) {
        if (!isRewardModel(spec)) throw problem(spec, "does not start with " + PREFIX);
        String rest = spec.strip().substring(PREFIX.length());
        int hash = rest.lastIndexOf('#');
        String folder = hash < 0 ? rest : rest.substring(0, hash);
        double margin = 0;
        if (hash >= 0) {
            String setting = rest.substring(hash + 1).strip();
            if (!setting.startsWith(MARGIN)) throw problem(spec, "after '#' expected margin=M, got '" + setting + "'");
            try {
                margin = Double.parseDouble(setting.substring(MARGIN.length()).strip());
            } catch (NumberFormatException e) {
                throw problem(spec, "the margin is not a number");
            }
            if (!(margin >= 0) || Double.isInfinite(margin)) throw problem(spec, "the margin must be a number 0 or more");
        }
        if (folder.isBlank()) throw problem(spec, "names no folder");
        try {
            return new RewardModelSpec(Path.of(folder.strip()), margin);
        } catch (InvalidPathException e) {
            throw problem(spec, "the folder is not a valid path (" + e.getReason() + ")");
        }
    }

    private static IllegalArgumentException problem(String spec, String what) {
        return new IllegalArgumentException("judge '" + UserText.clip(spec) + "': " + what + " (expected " + FORM
                + ", e.g. reward-model:/models/my-reward-model#margin=0.1)");
    }

    @Override
    public String toString() {
        return PREFIX + dir + (margin == 0 ? "" : "#" + MARGIN + margin);
    }
}
