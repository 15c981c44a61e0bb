package org.ktoworkbench.app.monitor;

import java.time.Duration;
import java.util.Locale;

/** Where a run stands: step of total, throughput, and the time left (null when not known yet). */
public record ProgressEstimate(long step, long totalSteps, double tokensPerSecond, Duration eta) {

    /** Time left at the pace observed since {@code firstStep}; null before a second step has been seen. */
    public static Duration paceEta(long step, long totalSteps, long firstStep, Duration elapsedSinceFirst) {
        long done = step - firstStep;
        if (done <= 0 || totalSteps <= 0) {
            return null;
        }
        double perStep = (double) elapsedSinceFirst.toNanos() / done;
        return Duration.ofNanos((long) (perStep * Math.max(0, totalSteps - step)));
    }

    public double fraction() {
        return totalSteps <= 0 ? 0 : Math.min(1.0, (double) step / totalSteps);
    }

    public String describe() {
        StringBuilder s = new StringBuilder();
        s.append("step ").append(step).append(" / ").append(totalSteps);
        if (tokensPerSecond > 0) {
            s.append(String.format(Locale.ROOT, "  ·  %,.0f tokens/s", tokensPerSecond));
        }
        if (eta != null) {
            s.append("  ·  ETA ").append(format(eta));
        }
        return s.toString();
    }

    static String format(Duration d) {
        long s = Math.max(0, Math.round(d.toMillis() / 1000.0));
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return s + "s";
    }
}
