package org.ktoworkbench.model.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.GreedyWithoutCache;
import org.ktoworkbench.model.nn.hf.HfModels;
import org.ktoworkbench.model.text.ByteTokenizer;
import org.ktoworkbench.model.text.HfTokenizer;
import org.ktoworkbench.model.train.RunPaths;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateCliTest {
    private static final int NEW_TOKENS = 8;

    @TempDir
    Path tmp;

    @Test
    void greedyGenerationOnEveryArchitectureEqualsFullRecomputation() throws Exception {
        for (TinyCheckpoints.Spec spec : TinyCheckpoints.all()) {
            Path dir = TinyCheckpoints.write(tmp.resolve(spec.name()), spec, "BF16", false);
            TinyCheckpoints.writeTokenizer(dir, spec, TinyCheckpoints.CHAT_TEMPLATE);
            String expectedPlain;
            String expectedChat;
            try (var model = HfModels.load(dir); HfTokenizer tokenizer = HfTokenizer.open(dir)) {
                // the tokenizer puts BOS in front of "w1 w2 w3" itself, GreedyWithoutCache too: give it the words alone
                expectedPlain = "w1 w2 w3" + tokenizer.decode(GreedyWithoutCache.generate(model, tokenizer,
                        new int[] {1, 2, 3}, NEW_TOKENS));
                // "<s>user w5 assistant ": user and assistant are <unk> (0)
                expectedChat = tokenizer.decode(GreedyWithoutCache.generate(model, tokenizer,
                        new int[] {0, 5, 0}, NEW_TOKENS));
            }
            CliRunner.Result plain = CliRunner.run("generate", "--workspace", tmp.resolve("ws").toString(),
                    "--model", dir.toString(), "--prompt", "w1 w2 w3", "--max-new-tokens", Integer.toString(NEW_TOKENS));
            assertEquals(0, plain.code(), spec + ": " + plain.err());
            assertEquals(expectedPlain + "\n", plain.out(), spec.name());
            assertTrue(expectedPlain.length() > "w1 w2 w3".length(), spec + " generated nothing to compare");

            CliRunner.Result chat = CliRunner.run("generate", "--workspace", tmp.resolve("ws").toString(),
                    "--model", dir.toString(), "--prompt", "w5", "--chat", "--max-new-tokens", Integer.toString(NEW_TOKENS));
            assertEquals(0, chat.code(), spec + ": " + chat.err());
            assertEquals(expectedChat + "\n", chat.out(), spec.name());
        }
    }

    @Test
    void chatWithoutATemplateIsAClearError() throws Exception {
        TinyCheckpoints.Spec spec = TinyCheckpoints.mistral();
        Path dir = TinyCheckpoints.write(tmp.resolve("mistral"), spec, "F32", false);
        TinyCheckpoints.writeTokenizer(dir, spec, null);
        CliRunner.Result r = CliRunner.run("generate", "--workspace", tmp.resolve("ws").toString(), "--model",
                dir.toString(), "--prompt", "w1", "--chat");
        assertEquals(1, r.code());
        assertEquals("error: " + dir.resolve("tokenizer_config.json") + ": has no chat_template (leave out --chat)\n",
                r.err());
    }

    @Test
    void aRunGeneratesTheSameByArgumentAndByModelOption() throws Exception {
        Path wsDir = tmp.resolve("ws");
        long run = BuiltInRuns.completedRun(wsDir, 3);
        String expected;
        try (Gpt gpt = Gpt.load(new RunPaths(wsDir, run).finalModel())) {
            expected = "inc 12=" + new ByteTokenizer().decode(GreedyWithoutCache.generate(gpt, new ByteTokenizer(),
                    new ByteTokenizer().encode("inc 12="), 6));
        }
        CliRunner.Result byArgument = CliRunner.run("generate", Long.toString(run), "--workspace", wsDir.toString(),
                "--prompt", "inc 12=", "--max-new-tokens", "6");
        CliRunner.Result byOption = CliRunner.run("generate", "--model", Long.toString(run), "--workspace",
                wsDir.toString(), "--prompt", "inc 12=", "--max-new-tokens", "6");
        assertEquals(0, byArgument.code(), byArgument.err());
        assertEquals(TerminalText.escape(expected) + "\n", byArgument.out());
        assertEquals(byArgument.out(), byOption.out());

        CliRunner.Result both = CliRunner.run("generate", Long.toString(run), "--model", Long.toString(run),
                "--workspace", wsDir.toString(), "--prompt", "x");
        assertEquals("error: name the model once: a RUN argument or --model DIR|RUN\n", both.err());
        CliRunner.Result builtInChat = CliRunner.run("generate", Long.toString(run), "--workspace", wsDir.toString(),
                "--prompt", "x", "--chat");
        assertTrue(builtInChat.err().endsWith(": the built-in model has no chat template (leave out --chat)\n"),
                builtInChat.err());
    }
}
