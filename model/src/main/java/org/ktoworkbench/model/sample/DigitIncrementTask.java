package org.ktoworkbench.model.sample;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The embedded sample task: add 1 to every digit of a digit string, 9 wrapping to 0, no carries.
 * Prompt {@code "inc 3795="}, correct completion {@code "4806"}.
 *
 * <p>The answer is computable position by position, so a tiny model can learn the rule itself and
 * generalise to prompts it never saw (a table of facts would not), and a program can judge every
 * answer exactly.
 */
public final class DigitIncrementTask {
    public static final String NAME = "arithmetic";
    public static final String PREFIX = "inc ";
    public static final String SUFFIX = "=";
    public static final int MIN_DIGITS = 3;
    public static final int MAX_DIGITS = 6;

    /** Last occurrence wins, so a prompt wrapped in a chat template still parses. */
    private static final Pattern PROMPT = Pattern.compile("inc ([0-9]+)=");

    private DigitIncrementTask() {
    }

    public static String prompt(String digits) {
        requireDigits(digits);
        return PREFIX + digits + SUFFIX;
    }

    public static String answer(String digits) {
        requireDigits(digits);
        StringBuilder out = new StringBuilder(digits.length());
        for (int i = 0; i < digits.length(); i++) {
            out.append(increment(digits.charAt(i)));
        }
        return out.toString();
    }

    static char increment(char digit) {
        return (char) ('0' + (digit - '0' + 1) % 10);
    }

    /** The digit string of the last {@code inc <digits>=} in the prompt, if any. */
    public static Optional<String> digitsOf(String prompt) {
        if (prompt == null) {
            return Optional.empty();
        }
        Matcher m = PROMPT.matcher(prompt);
        String found = null;
        while (m.find()) {
            found = m.group(1);
        }
        return Optional.ofNullable(found);
    }

    private static void requireDigits(String digits) {
        if (digits == null || digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("expected a non-empty string of digits 0-9, got: " + digits);
        }
    }
}
