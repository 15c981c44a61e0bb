package org.ktoworkbench.model.eval.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A chat-completions server on loopback that answers as a test tells it (per request), and records what it got: each
 * request's body and Authorization header, how many requests it has seen, and the most it had in flight at once.
 */
public final class JudgeServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What to answer: an HTTP status and a body. */
    public record Reply(int status, String body) {
        /** HTTP 200 with a chat completion whose message says {@code content}. */
        public static Reply says(String content) {
            return new Reply(200, JSON.createObjectNode().set("choices", JSON.createArrayNode().add(
                    JSON.createObjectNode().set("message", JSON.createObjectNode().put("role", "assistant")
                            .put("content", content)))).toString());
        }
    }

    /** One request as the server saw it. */
    public record Request(int number, JsonNode body, String authorization) {
        /** The text of the request's (only) user message. */
        public String userMessage() {
            return body.path("messages").path(0).path("content").asText();
        }
    }

    @FunctionalInterface
    public interface Responder {
        /** @throws InterruptedException a responder that waits forever ends when the server closes */
        Reply reply(Request request) throws InterruptedException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicInteger count = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();
    private final List<Request> requests = new ArrayList<>();

    private JudgeServer(Responder responder) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> handle(exchange, responder));
        server.start();
    }

    public static JudgeServer start(Responder responder) throws IOException {
        return new JudgeServer(responder);
    }

    /** The base URL a judge spec names, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    public int requestCount() {
        return count.get();
    }

    public int maxInFlight() {
        return maxInFlight.get();
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange exchange, Responder responder) throws IOException {
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST") || !exchange.getRequestURI().getPath().equals("/v1/chat/completions")) {
                send(exchange, new Reply(404, "{\"error\":\"no such endpoint: " + exchange.getRequestURI() + "\"}"));
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            Request request = new Request(count.incrementAndGet(), body, exchange.getRequestHeaders().getFirst("Authorization"));
            synchronized (this) {
                requests.add(request);
            }
            send(exchange, responder.reply(request));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
