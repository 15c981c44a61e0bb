package org.ktoworkbench.model.store;

/**
 * A full-text match. {@code ordinal} is the row's 0-based position in its dataset; the snippets are
 * excerpts with matched terms in [brackets].
 */
public record SearchHit(long ordinal, boolean desirable, boolean eval, String promptSnippet,
                        String completionSnippet) {
}
