package org.ktoworkbench.model.data;

/** A user's value as error messages echo it: whole when short, else its start and its length. */
public final class UserText {
    /** Characters of a long value that a message shows. */
    public static final int SHOWN = 60;

    private UserText() {
    }

    /**
     * {@code value} itself up to {@link #SHOWN} characters, else its first ones + "… (N characters)"; null
     * reads "null", as string concatenation would show it.
     */
    public static String clip(String value) {
        if (value == null) {
            return "null";
        }
        int length = value.codePointCount(0, value.length());
        if (length <= SHOWN) {
            return value;
        }
        return value.substring(0, value.offsetByCodePoints(0, SHOWN)) + "… (" + length + " characters)";
    }
}
