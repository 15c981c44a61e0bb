package org.ktoworkbench.model.eval.openai;

import org.ktoworkbench.model.data.UserText;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A judge spec {@code openai:URL[#model]}: the base URL of an OpenAI-compatible server (e.g.
 * {@code http://127.0.0.1:8000/v1}; its {@code /chat/completions} is asked) or that endpoint itself, and the model to
 * ask for. Without a model the request names none: llama.cpp's server and a vLLM serving one model accept that,
 * Ollama and hosted APIs need it.
 *
 * @param model null when the spec names none
 */
public record OpenAiJudgeSpec(URI endpoint, String model) {
    public static final String PREFIX = "openai:";
    public static final String FORM = PREFIX + "URL[#model]";
    private static final String ENDPOINT_PATH = "/chat/completions";

    /** Whether {@code spec} is meant as an OpenAI judge (it starts with {@value #PREFIX}, any case). */
    public static boolean isOpenAi(String spec) {
        return spec != null && spec.strip().toLowerCase(Locale.ROOT).startsWith(PREFIX);
    }

    /** @throws IllegalArgumentException naming the spec and what is wrong with it */
    public static OpenAiJudgeSpec parse(String spec) {
        if (!isOpenAi(spec)) throw problem(spec, "does not start with " + PREFIX);
        String rest = spec.strip().substring(PREFIX.length());
        int hash = rest.indexOf('#');
        String url = hash < 0 ? rest : rest.substring(0, hash);
        String model = hash < 0 ? null : rest.substring(hash + 1).strip();
        if (model != null && model.isEmpty()) throw problem(spec, "names no model after '#'");
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw problem(spec, "the URL is not valid (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw problem(spec, "the URL must start with http:// or https://");
        }
        if (uri.getHost() == null) throw problem(spec, "the URL names no host");
        if (uri.getRawUserInfo() != null) {
            throw problem(spec, "the URL must not carry credentials: put the API key in " + ApiKey.VARIABLES.get(0));
        }
        return new OpenAiJudgeSpec(endpointOf(uri), model);
    }

    private static URI endpointOf(URI base) {
        String path = base.getPath() == null ? "" : base.getPath();
        if (!path.endsWith(ENDPOINT_PATH)) path = path.replaceAll("/+$", "") + ENDPOINT_PATH;
        try {
            return new URI(base.getScheme(), base.getRawAuthority(), path, base.getRawQuery(), null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(base + ": " + e.getMessage(), e);
        }
    }

    private static IllegalArgumentException problem(String spec, String what) {
        return new IllegalArgumentException("judge '" + UserText.clip(spec) + "': " + what + " (expected " + FORM
                + ", e.g. openai:http://127.0.0.1:8000/v1#my-model)");
    }

    @Override
    public String toString() {
        return PREFIX + endpoint + (model == null ? "" : "#" + model);
    }
}
