package org.ktoworkbench.model.eval.openai;

import java.time.Duration;

/**
 * How patiently the OpenAI judge asks: connect and answer timeouts, attempts per request with an exponential backoff
 * between them (first wait, then twice that, ...), and how many requests may be in flight at once.
 */
public record OpenAiJudgeSettings(Duration connectTimeout, Duration answerTimeout, int attempts, Duration firstBackoff,
                                  int concurrency) {

    public OpenAiJudgeSettings {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (attempts < 1) throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        if (firstBackoff.isNegative()) throw new IllegalArgumentException("backoff must not be negative");
        if (concurrency < 1) throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }

    /** 10 s to connect, 60 s for an answer, 4 attempts 1, 2 and 4 s apart, 4 requests in flight. */
    public static OpenAiJudgeSettings defaults() {
        return new OpenAiJudgeSettings(Duration.ofSeconds(10), Duration.ofSeconds(60), 4, Duration.ofSeconds(1), 4);
    }

    /** The wait after failed attempt {@code attempt} (from 1). */
    Duration backoffAfter(int attempt) {
        return firstBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
    }
}
