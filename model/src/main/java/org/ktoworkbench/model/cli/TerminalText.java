package org.ktoworkbench.model.cli;

/**
 * Text from a dataset, a run or the user made safe to print on a terminal: every control character (C0, DEL, C1)
 * is shown as a visible escape instead of being sent, so a stored {@code ESC [2J} cannot clear the screen or set the
 * window title, and a newline inside one field cannot break a table row or fake an output line. Backslashes are left
 * as they are: this is for reading, not for parsing back.
 */
final class TerminalText {
    private TerminalText() {}

    /**
     * {@code text} with {@code \n}, {@code \r}, {@code \t} and {@code \e} (ESC) for those controls, and a backslash,
     * {@code u} and four hex digits for the others (as Java writes them); null stays null.
     */
    static String escape(String text) {
        if (text == null || text.chars().noneMatch(Character::isISOControl)) return text;
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isISOControl(c)) {
                out.append(c);
                continue;
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\u001b' -> out.append("\\e");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /** {@link #escape} of any value's text ({@code String.valueOf}), for names, paths and messages. */
    static String escape(Object value) {
        return value == null ? null : escape(value.toString());
    }
}
