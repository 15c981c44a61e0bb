package org.ktoworkbench.model.eval;

import org.ktoworkbench.model.sample.DigitIncrementTask;

/**
 * The exact judge of the embedded sample task ({@link DigitIncrementTask}): a completion is
 * desirable when it is exactly the correct digit string.
 *
 * <p>What counts: leading and trailing whitespace and control characters are ignored (a generated
 * newline, a NUL or other end-of-sequence leftovers a tokenizer decodes to). Nothing else is: a
 * missing or extra digit, a space between digits, or any trailing text such as a second prompt
 * makes the completion wrong. The prompt may be wrapped in other text (a chat template); the last
 * {@code inc <digits>=} in it is the question.
 */
public final class ArithmeticJudge implements DesirabilityJudge {

    @Override
    public boolean isDesirable(String prompt, String completion) {
        String digits = DigitIncrementTask.digitsOf(prompt).orElseThrow(() -> new IllegalArgumentException(
                "not a prompt of the arithmetic task (expected \"" + DigitIncrementTask.PREFIX + "<digits>"
                        + DigitIncrementTask.SUFFIX + "\"): " + abbreviate(prompt)));
        return completion != null && strip(completion).equals(DigitIncrementTask.answer(digits));
    }

    /** Removes leading and trailing characters that are whitespace or control characters. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && ignorable(s.charAt(start))) {
            start++;
        }
        while (end > start && ignorable(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    private static boolean ignorable(char c) {
        return Character.isWhitespace(c) || Character.isISOControl(c);
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 60 ? '"' + s + '"' : '"' + s.substring(0, 57) + "...\"";
    }
}
