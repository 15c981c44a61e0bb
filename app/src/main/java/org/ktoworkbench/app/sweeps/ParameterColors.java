package org.ktoworkbench.app.sweeps;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Colours for the values of the parameter an overlay is coloured by: a categorical palette (Tableau 10, readable on
 * light and dark backgrounds) in the values' order, numbers in numeric order; more values than colours follow the
 * sequential {@link ColorScale} instead, so order still reads.
 */
public final class ParameterColors {
    static final List<String> PALETTE = List.of("#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac");

    private ParameterColors() {
    }

    /** Each distinct value's colour, in display order. */
    public static Map<String, String> assign(List<String> values) {
        List<String> distinct = sorted(values);
        Map<String, String> colors = new LinkedHashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            colors.put(distinct.get(i), distinct.size() <= PALETTE.size() ? PALETTE.get(i)
                    : ColorScale.web(distinct.size() == 1 ? 0.5 : (double) i / (distinct.size() - 1)));
        }
        return colors;
    }

    /** The distinct values, numbers by value when all are numbers, else as text. */
    public static List<String> sorted(List<String> values) {
        List<String> distinct = values.stream().distinct().toList();
        boolean numeric = distinct.stream().allMatch(ParameterColors::isNumber);
        Comparator<String> order = numeric ? Comparator.comparingDouble(Double::parseDouble) : Comparator.naturalOrder();
        return distinct.stream().sorted(order).toList();
    }

    /**
     * A parameter value as the views show it: a long number (a random draw such as 0.03479043362865134) to four
     * significant digits; typed values, which are short, as they are. Exports keep the exact value.
     */
    public static String display(String value) {
        if (value == null || value.length() <= 8 || !isNumber(value)) {
            return value;
        }
        return new java.math.BigDecimal(value).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }

    static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
