package org.ktoworkbench.model.eval;

import java.util.Collection;

/**
 * Winrate of a policy against a reference from a judge's verdicts, with the policy as A:
 * winrate = (wins + ties/2) / n, as in the KTO paper.
 *
 * <p>The 95% interval is the Wilson score interval ({@link ConfidenceInterval}) of that proportion
 * over n verdicts, counting a tie as half a win. With n = 0 the winrate is NaN and the interval [0, 1].
 */
public record Winrate(int wins, int ties, int losses) {

    public Winrate {
        if (wins < 0 || ties < 0 || losses < 0) {
            throw new IllegalArgumentException("negative count: wins " + wins + ", ties " + ties + ", losses " + losses);
        }
    }

    /** Counts verdicts where A is the policy: A a win, B a loss, TIE a tie. */
    public static Winrate of(Collection<Verdict> verdicts) {
        int wins = 0;
        int ties = 0;
        int losses = 0;
        for (Verdict v : verdicts) {
            switch (v) {
                case A -> wins++;
                case B -> losses++;
                case TIE -> ties++;
            }
        }
        return new Winrate(wins, ties, losses);
    }

    public int n() {
        return wins + ties + losses;
    }

    public double value() {
        return n() == 0 ? Double.NaN : (wins + ties / 2.0) / n();
    }

    public ConfidenceInterval interval95() {
        return n() == 0 ? new ConfidenceInterval(0, 1) : ConfidenceInterval.wilson95(value(), n());
    }
}
