package org.ktoworkbench.model.eval;

import org.ktoworkbench.model.data.UserText;
import org.ktoworkbench.model.sample.DigitIncrementTask;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The judges a user can pick by name (CLI {@code --judge}, the GUI's judge list). */
public final class Judges {
    public static final String ARITHMETIC = DigitIncrementTask.NAME;

    private static final Map<String, Judge> BY_NAME = new TreeMap<>(Map.of(ARITHMETIC, new ArithmeticJudge()));

    private Judges() {
    }

    /** Names known to {@link #byName}, sorted. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** The judge called {@code name} (case-insensitive); a clear error listing the known names otherwise. */
    public static Judge byName(String name) {
        Judge judge = find(name);
        if (judge == null) throw new IllegalArgumentException(unknown(name));
        return judge;
    }

    /** Whether {@link #byName} knows {@code name}. */
    public static boolean isKnown(String name) {
        return find(name) != null;
    }

    /** What is wrong with a name {@link #byName} does not know, with the names it does. */
    public static String unknown(String name) {
        return "unknown judge '" + UserText.clip(name) + "'; known judges: " + String.join(", ", names());
    }

    private static Judge find(String name) {
        return name == null ? null : BY_NAME.get(name.trim().toLowerCase(Locale.ROOT));
    }
}
