package org.ktoworkbench.model.eval.openai;

import org.ktoworkbench.model.eval.Judge;
import org.ktoworkbench.model.eval.JudgeException;
import org.ktoworkbench.model.eval.Judgement;
import org.ktoworkbench.model.eval.Matchup;
import org.ktoworkbench.model.eval.Verdict;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A language model behind an OpenAI-compatible chat-completions server as the judge ({@code openai:URL[#model]}),
 * asked the way the KTO paper asked GPT-4 ({@link PairwisePrompt}). Each pair is asked twice, once in each order, to
 * cancel the model's position bias: the verdict stands when both orders prefer the same completion and is a tie when
 * they disagree. Up to {@link OpenAiJudgeSettings#concurrency} requests are in flight at once; the first request that
 * fails for good fails the whole batch (its other requests are abandoned).
 */
public final class OpenAiJudge implements Judge {
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final OpenAiJudgeSpec spec;
    private final OpenAiJudgeSettings settings;
    private final ChatCompletions server;

    /** @param environment where the API key is read ({@link ApiKey#VARIABLES}) */
    public OpenAiJudge(OpenAiJudgeSpec spec, Environment environment, OpenAiJudgeSettings settings) {
        this.spec = spec;
        this.settings = settings;
        this.server = new ChatCompletions(spec, ApiKey.from(environment), settings);
    }

    public OpenAiJudgeSpec spec() {
        return spec;
    }

    @Override
    public Verdict compare(String prompt, String completionA, String completionB) {
        return compareAll(List.of(new Matchup(prompt, completionA, completionB))).get(0).verdict();
    }

    /**
     * Each matchup's verdict with the policy as A; the answer holds both raw replies, {@code A shown first: ...} and
     * {@code B shown first: ...}.
     *
     * @throws JudgeException when the server could not be reached, or a reply names neither response
     */
    @Override
    public List<Judgement> compareAll(List<Matchup> matchups) {
        if (matchups.isEmpty()) return List.of();
        int requests = 2 * matchups.size();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.concurrency(), requests), r -> {
            Thread t = new Thread(r, "openai-judge-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        try {
            CompletionService<Reply> replies = new ExecutorCompletionService<>(pool);
            for (int i = 0; i < matchups.size(); i++) {
                Matchup m = matchups.get(i);
                int pair = i;
                replies.submit(() -> ask(pair, true, m.prompt(), m.policyText(), m.referenceText()));
                replies.submit(() -> ask(pair, false, m.prompt(), m.referenceText(), m.policyText()));
            }
            Reply[] aFirst = new Reply[matchups.size()];
            Reply[] bFirst = new Reply[matchups.size()];
            for (int done = 0; done < requests; done++) {
                Reply reply = replies.take().get();
                (reply.aFirst() ? aFirst : bFirst)[reply.pair()] = reply;
            }
            List<Judgement> judgements = new ArrayList<>(matchups.size());
            for (int i = 0; i < matchups.size(); i++) {
                judgements.add(new Judgement(agreed(aFirst[i].preferred(), bFirst[i].preferred()),
                        "A shown first: " + aFirst[i].text() + "\nB shown first: " + bFirst[i].text()));
            }
            return judgements;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof JudgeException judgeFailure) throw judgeFailure;
            throw new JudgeException("judge server " + spec.endpoint() + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JudgeException("interrupted while waiting for judge server " + spec.endpoint());
        } finally {
            pool.shutdownNow();
        }
    }

    /** One order of one pair, with {@code first} shown as Response A. */
    private Reply ask(int pair, boolean aFirst, String prompt, String first, String second) throws InterruptedException {
        String text = server.complete(PairwisePrompt.text(prompt, first, second));
        PairwisePrompt.Choice choice = PairwisePrompt.read(text).orElseThrow(() -> new JudgeException(
                "judge server " + spec.endpoint() + " answered neither A nor B: " + server.quote(text)));
        boolean preferredFirst = choice == PairwisePrompt.Choice.FIRST;
        Verdict preferred = preferredFirst == aFirst ? Verdict.A : Verdict.B;
        return new Reply(pair, aFirst, text, preferred);
    }

    private static Verdict agreed(Verdict aFirst, Verdict bFirst) {
        return aFirst == bFirst ? aFirst : Verdict.TIE;
    }

    /** What the server said about one order of one pair, and which completion (A or B) it preferred. */
    private record Reply(int pair, boolean aFirst, String text, Verdict preferred) {}

    @Override
    public String toString() {
        return spec.toString();
    }
}
