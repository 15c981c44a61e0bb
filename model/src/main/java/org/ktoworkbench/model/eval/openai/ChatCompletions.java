package org.ktoworkbench.model.eval.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.ktoworkbench.model.data.UserText;
import org.ktoworkbench.model.eval.JudgeException;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Optional;

/**
 * One user message to an OpenAI-compatible {@code /chat/completions} endpoint, its reply's text back. A request that
 * cannot connect, times out, or gets HTTP 429 or 5xx is tried again after a growing wait; anything else that is not a
 * chat completion fails at once. Failures are {@link JudgeException}s that name the endpoint and never the key.
 */
final class ChatCompletions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenAiJudgeSpec spec;
    private final Optional<ApiKey> key;
    private final OpenAiJudgeSettings settings;
    private final HttpClient client;

    ChatCompletions(OpenAiJudgeSpec spec, Optional<ApiKey> key, OpenAiJudgeSettings settings) {
        this.spec = spec;
        this.key = key;
        this.settings = settings;
        // HTTP/1.1: the JDK's client otherwise offers an h2c upgrade on http:// that some servers mishandle
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout()).build();
    }

    /** The text of the reply's first choice. */
    String complete(String userMessage) throws InterruptedException {
        HttpRequest request = request(userMessage);
        for (int attempt = 1; ; attempt++) {
            String problem;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) return contentOf(response.body());
                problem = "answered HTTP " + status + ": " + quote(response.body()) + hint(status);
                if (status != 429 && status < 500) throw failure(problem, attempt);
            } catch (HttpConnectTimeoutException e) {
                problem = "did not accept a connection within " + settings.connectTimeout().toMillis() + " ms";
            } catch (HttpTimeoutException e) {
                problem = "did not answer within " + settings.answerTimeout().toMillis() + " ms";
            } catch (ConnectException e) {
                problem = "could not be reached (" + connectProblem(e) + ")";
            } catch (IOException e) {
                problem = "failed while answering (" + describe(e) + ")";
            }
            if (attempt >= settings.attempts()) throw failure(problem, attempt);
            Thread.sleep(settings.backoffAfter(attempt).toMillis());
        }
    }

    private HttpRequest request(String userMessage) {
        ObjectNode body = JSON.createObjectNode();
        if (spec.model() != null) body.put("model", spec.model());
        body.putArray("messages").addObject().put("role", "user").put("content", userMessage);
        body.put("temperature", 0);
        HttpRequest.Builder request = HttpRequest.newBuilder(spec.endpoint())
                .timeout(settings.answerTimeout())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        key.ifPresent(k -> request.header("Authorization", k.authorization()));
        return request.build();
    }

    private String contentOf(String body) {
        JsonNode reply;
        try {
            reply = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw notACompletion(body);
        }
        JsonNode content = reply == null ? null : reply.path("choices").path(0).path("message").path("content");
        if (content == null || !content.isTextual()) throw notACompletion(body);
        return content.asText();
    }

    private JudgeException notACompletion(String body) {
        return new JudgeException("judge server " + spec.endpoint() + " answered something that is not a chat completion"
                + " (no choices[0].message.content): " + quote(body));
    }

    private JudgeException failure(String problem, int attempts) {
        return new JudgeException("judge server " + spec.endpoint() + " " + problem
                + (attempts > 1 ? " (tried " + attempts + " times)" : ""));
    }

    private String hint(int status) {
        if (status != 401 && status != 403) return "";
        return key.isPresent() ? "; check the API key in " + String.join(" or ", ApiKey.VARIABLES)
                : "; set the API key in " + String.join(" or ", ApiKey.VARIABLES);
    }

    /** A server's text as a message shows it: clipped, the key removed. */
    String quote(String text) {
        String shown = text == null ? "" : text.strip();
        if (key.isPresent()) shown = key.get().redact(shown);
        return '"' + UserText.clip(shown) + '"';
    }

    /** Why a connection failed: the JDK's client says it only through the types of the causes it wraps. */
    private String connectProblem(ConnectException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) return "unknown host " + spec.endpoint().getHost();
        }
        String described = describe(e);
        return described.equals(e.getClass().getSimpleName()) ? "connection refused: is the server running?" : described;
    }

    /** The exception's type and the first message along its causes (the JDK's client often wraps the telling one). */
    private static String describe(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return e.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
