package org.ktoworkbench.model.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The external-content FTS5 index over examples. It is filled by {@code INSERT ... SELECT} over each batch of rows
 * just written ({@link ExampleInserter}; much faster than a trigger per row) and emptied the same way before they are
 * deleted, so it always matches the examples table.
 */
final class FullTextIndex {
    private FullTextIndex() {
    }

    /** The statement {@link #addIds} runs; prepare it once for a dataset's batches. */
    static PreparedStatement prepareAddIds(Connection connection) throws SQLException {
        return connection.prepareStatement("INSERT INTO examples_fts (rowid, prompt, completion)"
                + " SELECT id, prompt, completion FROM examples WHERE id >= ? AND id < ?");
    }

    /** Indexes the examples with ids {@code from} (inclusive) to {@code to}. */
    static void addIds(PreparedStatement statement, long from, long to) throws SQLException {
        statement.setLong(1, from);
        statement.setLong(2, to);
        statement.executeUpdate();
    }

    /** Removes the index entries of the rows in {@code range}; call before deleting them. */
    static void remove(Connection connection, ExampleRange range) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement("INSERT INTO examples_fts (examples_fts, rowid, prompt,"
                + " completion) SELECT 'delete', id, prompt, completion FROM examples WHERE " + ExampleRange.CONDITION)) {
            range.bind(s, 1);
            s.executeUpdate();
        }
    }

    /**
     * A user's words as an FTS5 query, or empty when they hold no token (punctuation only): every token of every word
     * required, each quoted so that FTS operators are taken literally. A token is a run of letters, digits and
     * private-use characters, as FTS5's unicode61 tokenizer cuts them, so "don't" asks for "don" and "t" (the index
     * keeps no positions to ask for them side by side).
     */
    static Optional<String> query(String words) {
        if (words.isBlank()) {
            throw new IllegalArgumentException("the search query is empty");
        }
        List<String> tokens = new ArrayList<>();
        StringBuilder token = new StringBuilder();
        words.codePoints().forEach(cp -> {
            if (isTokenCharacter(cp)) {
                token.appendCodePoint(cp);
            } else if (token.length() > 0) {
                tokens.add(token.toString());
                token.setLength(0);
            }
        });
        if (token.length() > 0) tokens.add(token.toString());
        return tokens.isEmpty() ? Optional.empty()
                : Optional.of(tokens.stream().map(t -> '"' + t + '"').collect(Collectors.joining(" ")));
    }

    /** unicode61's token characters: the Unicode categories L*, N* and Co. */
    private static boolean isTokenCharacter(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                 Character.MODIFIER_LETTER, Character.OTHER_LETTER, Character.DECIMAL_DIGIT_NUMBER,
                 Character.LETTER_NUMBER, Character.OTHER_NUMBER, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }
}
