package org.ktoworkbench.model.sample;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Draws the rows of the sample datasets from a seeded {@link Random}. Same seed, same rows.
 *
 * <p>Each prompt gets one to three completions: the correct answer at most once (so no row is a
 * duplicate) and distinct plausible mistakes for the rest. The mix is tuned so that about 42% of
 * the rows are desirable and about two thirds of the prompts carry both labels.
 */
final class SampleRows {
    record Completion(String text, boolean desirable) {
    }

    record Unpaired(String prompt, String completion, boolean label) {
    }

    record Paired(String prompt, String chosen, String rejected) {
    }

    record Message(String role, String content) {
    }

    record Conversational(List<Message> prompt, List<Message> completion, boolean label) {
    }

    static final int ARITHMETIC_PROMPTS = 1250;
    static final int CONVERSATIONAL_ROWS = 50;
    static final int PAIRED_ROWS = 50;
    /** Chance that a prompt's completions include the correct answer. */
    private static final double CORRECT_INCLUDED = 0.86;
    /** Relative frequency of prompts with one, two and three completions (mean 2.05 rows per prompt). */
    private static final WeightedChoice GROUP_SIZE = new WeightedChoice(25, 45, 30);
    static final String SYSTEM_PROMPT = "Add 1 to every digit; 9 becomes 0. Answer with the digits only.";

    private final Random random;
    private final Set<String> usedDigits = new HashSet<>();

    SampleRows(long seed) {
        this.random = new Random(seed);
    }

    /** The main unpaired dataset, rows shuffled so that no prompt's completions sit together. */
    List<Unpaired> arithmetic() {
        List<Unpaired> rows = new ArrayList<>();
        for (int p = 0; p < ARITHMETIC_PROMPTS; p++) {
            String digits = freshDigits();
            for (Completion c : completions(digits)) {
                rows.add(new Unpaired(DigitIncrementTask.prompt(digits), c.text(), c.desirable()));
            }
        }
        Collections.shuffle(rows, random);
        return rows;
    }

    /** A small sample in TRL's conversational unpaired form; about half the prompts carry a system message. */
    List<Conversational> conversational() {
        List<Conversational> rows = new ArrayList<>();
        while (rows.size() < CONVERSATIONAL_ROWS) {
            String digits = freshDigits();
            List<Message> prompt = new ArrayList<>();
            if (random.nextBoolean()) {
                prompt.add(new Message("system", SYSTEM_PROMPT));
            }
            prompt.add(new Message("user", DigitIncrementTask.prompt(digits)));
            for (Completion c : completions(digits)) {
                if (rows.size() < CONVERSATIONAL_ROWS) {
                    rows.add(new Conversational(prompt, List.of(new Message("assistant", c.text())), c.desirable()));
                }
            }
        }
        return rows;
    }

    /** A small sample in TRL's paired (preference) form: the correct answer against a mistake. */
    List<Paired> paired() {
        List<Paired> rows = new ArrayList<>();
        for (int i = 0; i < PAIRED_ROWS; i++) {
            String digits = freshDigits();
            rows.add(new Paired(DigitIncrementTask.prompt(digits), DigitIncrementTask.answer(digits),
                    Mistake.wrongAnswer(digits, random)));
        }
        return rows;
    }

    /**
     * The paired form of {@code rows} (the main dataset): one pair per prompt that has both labels, its correct answer
     * against its first slip in row order, in the order the prompts first come. No draw from the RNG: the pairs are a
     * function of the rows.
     */
    static List<Paired> pairsOf(List<Unpaired> rows) {
        Map<String, String> chosen = new LinkedHashMap<>();
        Map<String, String> rejected = new HashMap<>();
        for (Unpaired row : rows) {
            chosen.putIfAbsent(row.prompt(), null);
            if (row.label()) {
                chosen.put(row.prompt(), row.completion());
            } else {
                rejected.putIfAbsent(row.prompt(), row.completion());
            }
        }
        List<Paired> pairs = new ArrayList<>();
        chosen.forEach((prompt, answer) -> {
            if (answer != null && rejected.containsKey(prompt)) {
                pairs.add(new Paired(prompt, answer, rejected.get(prompt)));
            }
        });
        return pairs;
    }

    private List<Completion> completions(String digits) {
        int size = 1 + GROUP_SIZE.draw(random);
        boolean withCorrect = random.nextDouble() < CORRECT_INCLUDED;
        Set<String> wrong = new LinkedHashSet<>();
        while (wrong.size() < size - (withCorrect ? 1 : 0)) {
            wrong.add(Mistake.wrongAnswer(digits, random));
        }
        List<Completion> group = new ArrayList<>();
        if (withCorrect) {
            group.add(new Completion(DigitIncrementTask.answer(digits), true));
        }
        wrong.forEach(w -> group.add(new Completion(w, false)));
        return group;
    }

    /** A digit string of 3 to 6 digits (uniform length, leading zeros allowed) not drawn before. */
    private String freshDigits() {
        while (true) {
            int length = DigitIncrementTask.MIN_DIGITS
                    + random.nextInt(DigitIncrementTask.MAX_DIGITS - DigitIncrementTask.MIN_DIGITS + 1);
            StringBuilder s = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                s.append((char) ('0' + random.nextInt(10)));
            }
            if (usedDigits.add(s.toString())) {
                return s.toString();
            }
        }
    }
}
