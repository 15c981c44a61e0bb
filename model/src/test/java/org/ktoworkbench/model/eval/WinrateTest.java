package org.ktoworkbench.model.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WinrateTest {
    private static final double EPS = 1e-9;

    private static List<Verdict> verdicts(int wins, int ties, int losses) {
        List<Verdict> v = new ArrayList<>();
        v.addAll(Collections.nCopies(wins, Verdict.A));
        v.addAll(Collections.nCopies(ties, Verdict.TIE));
        v.addAll(Collections.nCopies(losses, Verdict.B));
        Collections.shuffle(v, new java.util.Random(7));
        return v;
    }

    @Test
    void countsAndWinrateMatchHandComputation() {
        Winrate w = Winrate.of(verdicts(7, 2, 1));
        assertEquals(7, w.wins());
        assertEquals(2, w.ties());
        assertEquals(1, w.losses());
        assertEquals(10, w.n());
        assertEquals(0.8, w.value(), EPS); // (7 + 2/2) / 10
        assertEquals(0.375, Winrate.of(verdicts(1, 1, 2)).value(), EPS); // (1 + 0.5) / 4
        assertEquals(0.5, Winrate.of(verdicts(0, 6, 0)).value(), EPS);
    }

    @Test
    void intervalIsWilsonScoreOnTheWinrate() {
        // 8/10 and 2/4 as in published Wilson tables (z = 1.96): [0.4902, 0.9433] and [0.1500, 0.8500].
        ConfidenceInterval ci = Winrate.of(verdicts(7, 2, 1)).interval95();
        assertEquals(0.4901624715366418, ci.lower(), EPS);
        assertEquals(0.9433178485456248, ci.upper(), EPS);
        ConfidenceInterval half = Winrate.of(verdicts(1, 2, 1)).interval95();
        assertEquals(0.15003898915214953, half.lower(), EPS);
        assertEquals(0.8499610108478505, half.upper(), EPS);
        // Ties as half wins: 46 wins, 1 tie, 17 losses of 64 is 0.7265625.
        ConfidenceInterval big = Winrate.of(verdicts(46, 1, 17)).interval95();
        assertTrue(big.contains(0.7265625));
        assertTrue(big.lower() > 0.6 && big.upper() < 0.83, big.toString());
    }

    @Test
    void intervalStaysInsideZeroToOneAtTheExtremes() {
        ConfidenceInterval all = Winrate.of(verdicts(20, 0, 0)).interval95();
        assertEquals(0.8388748419471806, all.lower(), EPS);
        assertEquals(1.0, all.upper(), EPS);
        ConfidenceInterval none = ConfidenceInterval.wilson95(0, 5);
        assertEquals(0.0, none.lower(), EPS);
        assertEquals(0.43448246478317476, none.upper(), EPS);
    }

    @Test
    void noVerdictsGiveNaNAndTheWholeRange() {
        Winrate empty = Winrate.of(List.of());
        assertTrue(Double.isNaN(empty.value()));
        assertEquals(new ConfidenceInterval(0, 1), empty.interval95());
    }

    @Test
    void badCountsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new Winrate(-1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DesirableRate(3, 2));
        assertThrows(IllegalArgumentException.class, () -> ConfidenceInterval.wilson95(1.5, 3));
    }

    @Test
    void desirableRateIsAProportionWithItsInterval() {
        DesirableRate r = new DesirableRate(3, 5);
        assertEquals(0.6, r.value(), EPS);
        assertEquals(0.2307242812760128, r.interval95().lower(), EPS);
        assertEquals(0.882379225767352, r.interval95().upper(), EPS);
    }

    @Test
    void reportWithTheArithmeticJudgeGivesVerdictsAndBothDesirableRates() {
        List<Matchup> matchups = List.of(
                new Matchup("inc 3705=", "4816", "4826"),   // win
                new Matchup("inc 999=", "000", "000\n"),     // tie, both right
                new Matchup("inc 120=", "23", "231"),       // loss
                new Matchup("inc 4444=", "5555", "5555"),   // tie, both right
                new Matchup("inc 808=", "918", "909"));     // tie, both wrong
        WinrateReport report = WinrateReport.judge(Judges.byName("arithmetic"), matchups);
        assertEquals(List.of(Verdict.A, Verdict.TIE, Verdict.B, Verdict.TIE, Verdict.TIE), report.verdicts());
        assertEquals(new Winrate(1, 3, 1), report.winrate());
        assertEquals(0.5, report.winrate().value(), EPS);
        assertEquals(new DesirableRate(3, 5), report.policyDesirable().orElseThrow());
        assertEquals(new DesirableRate(3, 5), report.referenceDesirable().orElseThrow());
        // With a labelling judge, winrate = 0.5 + (p_policy - p_reference) / 2.
        assertEquals(0.5 + (0.6 - 0.6) / 2, report.winrate().value(), EPS);
    }

    @Test
    void reportWithAComparingOnlyJudgeHasNoDesirableRates() {
        Judge shorterWins = (prompt, a, b) -> a.length() == b.length() ? Verdict.TIE
                : a.length() < b.length() ? Verdict.A : Verdict.B;
        WinrateReport report = WinrateReport.judge(shorterWins,
                List.of(new Matchup("p", "x", "xx"), new Matchup("p", "xx", "x"), new Matchup("p", "x", "x")));
        assertEquals(new Winrate(1, 1, 1), report.winrate());
        assertFalse(report.policyDesirable().isPresent());
        assertFalse(report.referenceDesirable().isPresent());
    }
}
