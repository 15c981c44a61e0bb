package org.ktoworkbench.model.eval.openai;

import java.util.List;
import java.util.Optional;

/**
 * The judge server's API key, read from {@code KTO_JUDGE_API_KEY}, else {@code OPENAI_API_KEY}. It goes into the
 * Authorization header and nowhere else: not into the spec, the run config, the samples or a message ({@link #redact}
 * removes it from text a server sent back).
 */
final class ApiKey {
    static final List<String> VARIABLES = List.of("KTO_JUDGE_API_KEY", "OPENAI_API_KEY");

    private final String value;

    private ApiKey(String value) {
        this.value = value;
    }

    /** The first of {@link #VARIABLES} that is set and not blank; empty for a local server that needs no key. */
    static Optional<ApiKey> from(Environment environment) {
        for (String name : VARIABLES) {
            String value = environment.variable(name);
            if (value != null && !value.isBlank()) return Optional.of(new ApiKey(value.strip()));
        }
        return Optional.empty();
    }

    String authorization() {
        return "Bearer " + value;
    }

    /** {@code text} with every occurrence of the key replaced, for a server's reply quoted in an error. */
    String redact(String text) {
        return text.replace(value, "[API key]");
    }

    @Override
    public String toString() {
        return "ApiKey[hidden]";
    }
}
