package org.ktoworkbench.model.eval;

/** A judge's answer to "which of two completions is better": A, B, or neither. */
public enum Verdict {
    A, B, TIE;

    /** Desirable beats undesirable; two of the same kind tie. */
    public static Verdict fromDesirability(boolean aDesirable, boolean bDesirable) {
        if (aDesirable == bDesirable) {
            return TIE;
        }
        return aDesirable ? A : B;
    }
}
