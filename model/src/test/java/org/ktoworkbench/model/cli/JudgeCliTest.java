package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.eval.openai.JudgeServer;
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
