package org.ktoworkbench.model.eval.openai;

import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.eval.JudgeException;
import org.ktoworkbench.model.eval.Judgement;
import org.ktoworkbench.model.eval.Matchup;
import org.ktoworkbench.model.eval.Verdict;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiJudgeTest {
    private static final Environment NO_KEY = name -> null;
    /** Short waits so that failing servers fail fast: 3 attempts, 10 then 20 ms apart. */
    private static final OpenAiJudgeSettings QUICK = new OpenAiJudgeSettings(Duration.ofSeconds(2), Duration.ofSeconds(5),
            3, Duration.ofMillis(10), 4);

    /** Answers the letter of the response that says GOOD, like a judge without position bias. */
    private static JudgeServer.Reply prefersGood(JudgeServer.Request request) {
        return JudgeServer.Reply.says(goodShownFirst(request) ? "A" : "B");
    }

    private static boolean goodShownFirst(JudgeServer.Request request) {
        String message = request.userMessage();
        return message.substring(message.indexOf("Response A:\n"), message.indexOf("END OF RESPONSE A")).contains("GOOD");
    }

    private static OpenAiJudge judge(String spec, Environment environment, OpenAiJudgeSettings settings) {
        return new OpenAiJudge(OpenAiJudgeSpec.parse(spec), environment, settings);
    }

    @Test
    void eachPairIsAskedInBothOrdersAndAnUnbiasedJudgesPreferenceStands() throws Exception {
        try (JudgeServer server = JudgeServer.start(OpenAiJudgeTest::prefersGood)) {
            OpenAiJudge judge = judge("openai:" + server.baseUrl() + "#judge-model", NO_KEY, QUICK);

            assertEquals(Verdict.A, judge.compare("How do I boil an egg?", "GOOD: simmer it 8 minutes", "BAD: no idea"));
            assertEquals(Verdict.B, judge.compare("How do I boil an egg?", "BAD: no idea", "GOOD: simmer it 8 minutes"));

            List<JudgeServer.Request> requests = server.requests();
            assertEquals(4, requests.size());
            Set<String> firstShown = new HashSet<>();
            for (JudgeServer.Request r : requests.subList(0, 2)) {
                String message = r.userMessage();
                assertTrue(message.contains("Conversation:\nHow do I boil an egg?\n"), message);
                assertTrue(message.contains("more helpful and harmless"), message);
                assertTrue(message.contains("Answer with a single letter, A or B"), message);
                firstShown.add(message.substring(message.indexOf("Response A:\n") + 12, message.indexOf("\nEND OF RESPONSE A")));
                assertEquals("judge-model", r.body().path("model").asText());
                assertEquals("user", r.body().path("messages").path(0).path("role").asText());
                assertEquals(1, r.body().path("messages").size());
                assertEquals(0, r.body().path("temperature").asDouble(-1));
                assertNull(r.authorization());
            }
            assertEquals(Set.of("GOOD: simmer it 8 minutes", "BAD: no idea"), firstShown, "one order of each, A first and B first");
        }
    }

    @Test
    void aJudgeThatAlwaysAnswersTheFirstPositionTiesAndItsRawAnswersAreKept() throws Exception {
        try (JudgeServer server = JudgeServer.start(request -> JudgeServer.Reply.says("A"))) {
            OpenAiJudge judge = judge("openai:" + server.baseUrl(), NO_KEY, QUICK);
            List<Judgement> judgements = judge.compareAll(List.of(new Matchup("p", "GOOD", "BAD"), new Matchup("q", "x", "y")));

            assertEquals(List.of(Verdict.TIE, Verdict.TIE), judgements.stream().map(Judgement::verdict).toList());
            assertEquals("A shown first: A\nB shown first: A", judgements.get(0).answer());
            assertTrue(server.requests().stream().allMatch(r -> r.body().path("model").isMissingNode()),
                    "a spec without #model names no model");
        }
    }

    @Test
    void answersAreReadInTheFormsModelsWriteThem() throws Exception {
        try (JudgeServer server = JudgeServer.start(request -> {
            return JudgeServer.Reply.says(goodShownFirst(request) ? "<think>B looks short</think>\n**Response A**." : "Answer: b");
        })) {
            Judgement judgement = judge("openai:" + server.baseUrl(), NO_KEY, QUICK)
                    .compareAll(List.of(new Matchup("p", "GOOD", "BAD"))).get(0);
            assertEquals(Verdict.A, judgement.verdict());
            assertEquals("A shown first: <think>B looks short</think>\n**Response A**.\nB shown first: Answer: b",
                    judgement.answer());
        }
    }

    @Test
    void anAnswerThatNamesNeitherResponseIsAClearError() throws Exception {
        try (JudgeServer server = JudgeServer.start(request -> JudgeServer.Reply.says("Both responses have merit."))) {
            JudgeException e = assertThrows(JudgeException.class,
                    () -> judge("openai:" + server.baseUrl(), NO_KEY, QUICK).compare("p", "a", "b"));
            assertEquals("judge server " + server.baseUrl() + "/chat/completions answered neither A nor B:"
                    + " \"Both responses have merit.\"", e.getMessage());
        }
    }

    @Test
    void aReplyThatIsNotAChatCompletionIsAClearErrorAndNotRetried() throws Exception {
        try (JudgeServer server = JudgeServer.start(request -> new JudgeServer.Reply(200, "<html>it works</html>"))) {
            JudgeException e = assertThrows(JudgeException.class,
                    () -> judge("openai:" + server.baseUrl(), NO_KEY, QUICK).compareAll(List.of(new Matchup("p", "a", "b"))));
            assertEquals("judge server " + server.baseUrl() + "/chat/completions answered something that is not a chat"
                    + " completion (no choices[0].message.content): \"<html>it works</html>\"", e.getMessage());
            assertTrue(server.requestCount() <= 2, "no retries: " + server.requestCount() + " requests for one pair");
        }
    }

    @Test
    void aServerErrorIsRetriedWithBackoffThenTheAnswerCounts() throws Exception {
        try (JudgeServer server = JudgeServer.start(request -> request.number() == 1
                ? new JudgeServer.Reply(500, "{\"error\":\"model is loading\"}") : prefersGood(request))) {
            OpenAiJudge judge = judge("openai:" + server.baseUrl(), NO_KEY, QUICK);
            assertEquals(Verdict.B, judge.compare("p", "BAD", "GOOD"));
            assertEquals(3, server.requestCount(), "two orders, one of them asked twice");
        }
    }

    @Test
    void aServerThatKeepsFailingGivesUpAfterTheAttemptsAndSaysWhy() throws Exception {
        try (JudgeServer server = JudgeServer.start(request -> new JudgeServer.Reply(503, "overloaded"))) {
            OpenAiJudgeSettings oneInFlight = new OpenAiJudgeSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 3,
                    Duration.ofMillis(10), 1);
            JudgeException e = assertThrows(JudgeException.class,
                    () -> judge("openai:" + server.baseUrl(), NO_KEY, oneInFlight).compare("p", "a", "b"));
            assertEquals("judge server " + server.baseUrl() + "/chat/completions answered HTTP 503: \"overloaded\""
                    + " (tried 3 times)", e.getMessage());
            // the order that failed was tried 3 times; the pair's other order may have started (one in flight at a
            // time: it takes the slot the failing one frees) before that failure ended the comparison, and it too
            // stops after at most 3 attempts
            int requests = server.requestCount();
            assertTrue(requests >= 3 && requests <= 6, "requests: " + requests);
        }
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        try (JudgeServer server = JudgeServer.start(request -> new JudgeServer.Reply(404, "{\"error\":\"model 'x' not found\"}"))) {
            OpenAiJudgeSettings oneInFlight = new OpenAiJudgeSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 3,
                    Duration.ofMillis(10), 1);
            JudgeException e = assertThrows(JudgeException.class,
                    () -> judge("openai:" + server.baseUrl() + "#x", NO_KEY, oneInFlight).compare("p", "a", "b"));
            assertEquals("judge server " + server.baseUrl() + "/chat/completions answered HTTP 404:"
                    + " \"{\"error\":\"model 'x' not found\"}\"", e.getMessage());
            // each order of the pair asked at most once (the second may start before the first's failure ends the
            // comparison); a retried 404 would make it 3 or more with 3 attempts allowed
            int requests = server.requestCount();
            assertTrue(requests == 1 || requests == 2, "requests: " + requests);
        }
    }

    @Test
    void aServerThatNeverAnswersTimesOut() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        try (JudgeServer server = JudgeServer.start(request -> {
            never.await();
            return JudgeServer.Reply.says("A");
        })) {
            OpenAiJudgeSettings impatient = new OpenAiJudgeSettings(Duration.ofSeconds(2), Duration.ofMillis(300), 2,
                    Duration.ofMillis(10), 2);
            long start = System.nanoTime();
            JudgeException e = assertThrows(JudgeException.class,
                    () -> judge("openai:" + server.baseUrl(), NO_KEY, impatient).compare("p", "a", "b"));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals("judge server " + server.baseUrl() + "/chat/completions did not answer within 300 ms"
                    + " (tried 2 times)", e.getMessage());
            assertTrue(seconds >= 0.6 && seconds < 5, "two attempts of 300 ms took " + seconds + " s");
        } finally {
            never.countDown();
        }
    }

    @Test
    void aServerThatIsDownCannotBeReached() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort(); // closed again: nothing listens there
        }
        String url = "http://127.0.0.1:" + port + "/v1";
        JudgeException e = assertThrows(JudgeException.class,
                () -> judge("openai:" + url, NO_KEY, QUICK).compare("p", "a", "b"));
        assertEquals("judge server " + url + "/chat/completions could not be reached (connection refused: is the server"
                + " running?) (tried 3 times)", e.getMessage());
    }

    @Test
    void theAuthorizationHeaderCarriesTheKeyFromTheEnvironment() throws Exception {
        try (JudgeServer server = JudgeServer.start(OpenAiJudgeTest::prefersGood)) {
            String spec = "openai:" + server.baseUrl();
            judge(spec, Map.of("KTO_JUDGE_API_KEY", "sk-judge-1")::get, QUICK).compare("p", "GOOD", "BAD");
            judge(spec, Map.of("OPENAI_API_KEY", "sk-openai-2")::get, QUICK).compare("p", "GOOD", "BAD");
            judge(spec, Map.of("KTO_JUDGE_API_KEY", "sk-judge-3", "OPENAI_API_KEY", "sk-openai-4")::get, QUICK)
                    .compare("p", "GOOD", "BAD");
            judge(spec, Map.of("KTO_JUDGE_API_KEY", " ")::get, QUICK).compare("p", "GOOD", "BAD");

            List<String> headers = new ArrayList<>();
            for (JudgeServer.Request r : server.requests()) headers.add(r.authorization());
            assertEquals(List.of("Bearer sk-judge-1", "Bearer sk-judge-1", "Bearer sk-openai-2", "Bearer sk-openai-2",
                    "Bearer sk-judge-3", "Bearer sk-judge-3"), headers.subList(0, 6), "KTO_JUDGE_API_KEY first");
            assertNull(headers.get(6), "a blank variable sends no key");
            assertNull(headers.get(7));
        }
    }

    @Test
    void aRefusedKeyIsNamedButNeverShownEvenWhenTheServerEchoesIt() throws Exception {
        try (JudgeServer server = JudgeServer.start(request ->
                new JudgeServer.Reply(401, "{\"error\":\"invalid key " + request.authorization() + "\"}"))) {
            JudgeException e = assertThrows(JudgeException.class, () -> judge("openai:" + server.baseUrl(),
                    Map.of("KTO_JUDGE_API_KEY", "sk-secret-77")::get, QUICK).compare("p", "a", "b"));
            assertFalse(e.getMessage().contains("sk-secret-77"), e.getMessage());
            assertTrue(e.getMessage().contains("answered HTTP 401: \"{\"error\":\"invalid key Bearer [API key]\"}\"; check"
                    + " the API key in KTO_JUDGE_API_KEY or OPENAI_API_KEY"), e.getMessage());
        }
    }

    @Test
    void noMoreRequestsThanTheConcurrencyLimitAreInFlight() throws Exception {
        try (JudgeServer server = JudgeServer.start(request -> {
            Thread.sleep(60);
            return prefersGood(request);
        })) {
            OpenAiJudgeSettings threeAtOnce = new OpenAiJudgeSettings(Duration.ofSeconds(2), Duration.ofSeconds(5), 1,
                    Duration.ofMillis(10), 3);
            List<Matchup> matchups = new ArrayList<>();
            for (int i = 0; i < 8; i++) matchups.add(i % 2 == 0 ? new Matchup("p" + i, "GOOD", "BAD") : new Matchup("p" + i, "BAD", "GOOD"));
            List<Judgement> judgements = judge("openai:" + server.baseUrl(), NO_KEY, threeAtOnce).compareAll(matchups);

            for (int i = 0; i < 8; i++) assertEquals(i % 2 == 0 ? Verdict.A : Verdict.B, judgements.get(i).verdict(), "pair " + i);
            assertEquals(16, server.requestCount());
            assertEquals(3, server.maxInFlight(), "16 requests of 60 ms, 3 allowed at once");
        }
    }
}
