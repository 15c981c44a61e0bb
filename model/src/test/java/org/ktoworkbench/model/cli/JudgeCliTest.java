package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.eval.openai.JudgeServer;
import org.ktoworkbench.model.hf.ReferenceLm;
import org.ktoworkbench.model.hf.TestSafetensors;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.store.SampleRecord;
import org.ktoworkbench.model.store.Workspace;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JudgeCliTest {
    @TempDir
    Path dir;

    @Test
    void theArithmeticJudgePrintsItsVerdict() {
        CliRunner.Result right = CliRunner.run("judge", "--judge", "arithmetic", "--prompt", "inc 3705=", "--a", "4816", "--b", "4817");
        assertEquals(0, right.code(), right.err());
        assertEquals("verdict: A\n", right.out());
        assertEquals("verdict: B\n", CliRunner.run("judge", "--judge", "arithmetic", "--prompt", "inc 9=", "--a", "9",
                "--b", "0").out());
        assertEquals("verdict: tie\n", CliRunner.run("judge", "--judge", "arithmetic", "--prompt", "inc 9=", "--a", "1",
                "--b", "2").out());
    }

    @Test
    void anOpenAiJudgePrintsItsVerdictAndBothRawAnswers() throws Exception {
        try (JudgeServer server = JudgeServer.start(request -> {
            String m = request.userMessage();
            boolean firstIsBlue = m.substring(m.indexOf("Response A:"), m.indexOf("END OF RESPONSE A")).contains("Blue");
            return JudgeServer.Reply.says(firstIsBlue ? "A" : "\u001b[2J\n**B**");
        })) {
            CliRunner.Result result = CliRunner.run("judge", "--judge", "openai:" + server.baseUrl() + "#m",
                    "--prompt", "Name a colour.", "--a", "I will not.", "--b", "Blue.").assertTerminalSafe();
            assertEquals(0, result.code(), result.err());
            assertEquals("verdict: B\nA shown first: \\e[2J\n**B**\nB shown first: A\n", result.out());
        }
    }

    /** A tiny Llama reward model with the WordLevel tokenizer of the fixtures: "w1 w2" is [BOS, 1, 2]. */
    @Test
    void aRewardModelJudgePrintsItsVerdictAndBothRewards() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.llama();
        int pad = spec.vocab() - 1;
        Path rm = TinyCheckpoints.writeTokenizer(TinyCheckpoints.writeRewardModel(dir.resolve("rm"), spec, "F32", pad),
                spec, null);
        ReferenceLm reference = new ReferenceLm(spec, TestSafetensors.readCheckpoint(rm));
        double a = reference.reward(new int[] {spec.vocab() - 3, 1, 2, 3, 4}, pad);
        double b = reference.reward(new int[] {spec.vocab() - 3, 1, 2, 5}, pad);

        CliRunner.Result result = CliRunner.run("judge", "--judge", "reward-model:" + rm, "--prompt", "w1 w2",
                "--a", " w3 w4", "--b", " w5").assertTerminalSafe();
        assertEquals(0, result.code(), result.err());
        List<String> lines = result.lines();
        assertEquals(4, lines.size(), result.out());
        assertEquals("verdict: " + (a > b ? "A" : "B"), lines.get(0));
        assertEquals(a, Double.parseDouble(lines.get(1).replace("reward A: ", "")), 1e-4, lines.get(1));
        assertEquals(b, Double.parseDouble(lines.get(2).replace("reward B: ", "")), 1e-4, lines.get(2));
        assertEquals("margin: 0.0", lines.get(3));

        double gap = Math.abs(a - b);
        CliRunner.Result tie = CliRunner.run("judge", "--judge", "reward-model:" + rm + "#margin=" + (gap + 0.01),
                "--prompt", "w1 w2", "--a", " w3 w4", "--b", " w5");
        assertEquals("verdict: tie", tie.lines().get(0), tie.out() + tie.err());

        Path causal = TinyCheckpoints.write(dir.resolve("causal"), spec, "F32", false);
        CliRunner.Result refused = CliRunner.run("judge", "--judge", "reward-model:" + causal, "--prompt", "p",
                "--a", "x", "--b", "y");
        assertEquals(1, refused.code());
        assertEquals("error: judge 'reward-model:" + causal + "': " + causal.resolve("config.json") + ": field"
                + " 'architectures' is 'LlamaForCausalLM': not a reward model (expected one of"
                + " GPT2ForSequenceClassification, GPTNeoXForSequenceClassification, LlamaForSequenceClassification,"
                + " MistralForSequenceClassification, Qwen2ForSequenceClassification, Qwen3ForSequenceClassification)\n",
                refused.err());
    }

    @Test
    void aJudgeThatCannotAnswerIsAOneLineError() throws Exception {
        try (JudgeServer server = JudgeServer.start(request -> JudgeServer.Reply.says("Neither."))) {
            CliRunner.Result result = CliRunner.run("judge", "--judge", "openai:" + server.baseUrl(), "--prompt", "p",
                    "--a", "x", "--b", "y");
            assertEquals(1, result.code());
            assertEquals("error: judge server " + server.baseUrl() + "/chat/completions answered neither A nor B:"
                    + " \"Neither.\"\n", result.err());
        }
        CliRunner.Result bad = CliRunner.run("judge", "--judge", "openai:ftp://x", "--prompt", "p", "--a", "x", "--b", "y");
        assertEquals(1, bad.code());
        assertEquals("error: judge 'openai:ftp://x': the URL must start with http:// or https:// (expected"
                + " openai:URL[#model], e.g. openai:http://127.0.0.1:8000/v1#my-model)\n", bad.err());
    }

    @Test
    void showPrintsTheJudgesRawAnswersBesideTheVerdicts() {
        Path wsDir = dir.resolve("ws");
        long run;
        try (Workspace ws = Workspace.open(wsDir)) {
            run = ws.runs().createRun("r", "kto", "d", "{}", null);
            ws.runs().addSamples(run, 10, List.of(new SampleRecord("p", "ref", "pol", "tie", "A shown first: A\nB shown first: A")));
        }
        CliRunner.Result show = CliRunner.run("show", "--workspace", wsDir.toString(), Long.toString(run));
        assertEquals(0, show.code(), show.err());
        List<String> lines = show.out().lines().toList();
        int header = lines.indexOf("samples at step 10:") + 1;
        assertEquals("prompt  reference  policy  verdict  judge answer", lines.get(header));
        assertEquals("p       ref        pol     tie      A shown first: A\\nB shown first: A", lines.get(header + 1));
    }
}
