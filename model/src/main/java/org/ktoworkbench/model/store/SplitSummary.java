package org.ktoworkbench.model.store;

/** Sizes of the two sides of a split, in rows and in distinct prompts. */
public record SplitSummary(long trainRows, long evalRows, long trainPrompts, long evalPrompts) {
}
