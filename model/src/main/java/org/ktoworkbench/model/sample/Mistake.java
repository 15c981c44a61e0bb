package org.ktoworkbench.model.sample;

import java.util.Arrays;
import java.util.Random;

/**
 * Plausible wrong answers to a {@link DigitIncrementTask} prompt, the kinds of slip a learner makes.
 * Each kind turns the digit string and its correct answer into a wrong answer. For 2 or more digits
 * none can return the correct answer; {@link #wrongAnswer} still redraws if one ever does.
 */
enum Mistake {
    /** One digit copied instead of incremented. */
    DIGIT_UNCHANGED(25) {
        @Override
        String apply(String digits, String answer, Random random) {
            int i = random.nextInt(digits.length());
            return replace(answer, i, digits.charAt(i));
        }
    },
    /** One digit incremented twice. */
    DIGIT_PLUS_TWO(15) {
        @Override
        String apply(String digits, String answer, Random random) {
            int i = random.nextInt(answer.length());
            return replace(answer, i, DigitIncrementTask.increment(answer.charAt(i)));
        }
    },
    /** One digit replaced by some other digit. */
    DIGIT_WRONG(15) {
        @Override
        String apply(String digits, String answer, Random random) {
            int i = random.nextInt(answer.length());
            int shift = 1 + random.nextInt(9);
            return replace(answer, i, (char) ('0' + (answer.charAt(i) - '0' + shift) % 10));
        }
    },
    /** Two different digits each off by one in either direction. */
    TWO_DIGITS_OFF(20) {
        @Override
        String apply(String digits, String answer, Random random) {
            int first = random.nextInt(answer.length());
            int second = (first + 1 + random.nextInt(answer.length() - 1)) % answer.length();
            return offByOne(offByOne(answer, first, random), second, random);
        }

        private String offByOne(String s, int i, Random random) {
            int delta = random.nextBoolean() ? 1 : 9;
            return replace(s, i, (char) ('0' + (s.charAt(i) - '0' + delta) % 10));
        }
    },
    /** The digit string read as a number and 1 added, carries and all ("3709" gives "3710"). */
    ADDED_ONE_TO_NUMBER(5) {
        @Override
        String apply(String digits, String answer, Random random) {
            char[] out = digits.toCharArray();
            int i = out.length - 1;
            while (i >= 0 && out[i] == '9') {
                out[i--] = '0';
            }
            String body = new String(out);
            return i < 0 ? "1" + body : body.substring(0, i) + (char) (out[i] + 1) + body.substring(i + 1);
        }
    },
    /** One digit left out. */
    MISSING_DIGIT(10) {
        @Override
        String apply(String digits, String answer, Random random) {
            int i = random.nextInt(answer.length());
            return answer.substring(0, i) + answer.substring(i + 1);
        }
    },
    /** One digit written twice. */
    EXTRA_DIGIT(10) {
        @Override
        String apply(String digits, String answer, Random random) {
            int i = random.nextInt(answer.length());
            return answer.substring(0, i + 1) + answer.substring(i);
        }
    };

    /** How often each kind is drawn, relative to the others. */
    private static final WeightedChoice KIND = new WeightedChoice(
            Arrays.stream(values()).mapToInt(m -> m.weight).toArray());

    private final int weight;

    Mistake(int weight) {
        this.weight = weight;
    }

    abstract String apply(String digits, String answer, Random random);

    /** A wrong answer for the digit string: a kind drawn by weight, redrawn until the result is wrong. */
    static String wrongAnswer(String digits, Random random) {
        String answer = DigitIncrementTask.answer(digits);
        while (true) {
            String wrong = values()[KIND.draw(random)].apply(digits, answer, random);
            if (!wrong.equals(answer)) {
                return wrong;
            }
        }
    }

    private static String replace(String s, int index, char c) {
        return s.substring(0, index) + c + s.substring(index + 1);
    }
}
