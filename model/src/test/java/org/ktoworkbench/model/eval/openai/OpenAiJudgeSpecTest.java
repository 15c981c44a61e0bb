package org.ktoworkbench.model.eval.openai;

import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.eval.Judges;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiJudgeSpecTest {
    @Test
    void aBaseUrlMeansItsChatCompletionsEndpoint() {
        OpenAiJudgeSpec spec = OpenAiJudgeSpec.parse("openai:http://127.0.0.1:8000/v1");
        assertEquals(URI.create("http://127.0.0.1:8000/v1/chat/completions"), spec.endpoint());
        assertNull(spec.model());
        assertEquals(URI.create("http://localhost:11434/v1/chat/completions"),
                OpenAiJudgeSpec.parse("openai:http://localhost:11434/v1/").endpoint());
        assertEquals(URI.create("https://api.example.com/v1/chat/completions"),
                OpenAiJudgeSpec.parse("openai:https://api.example.com/v1/chat/completions").endpoint());
        assertEquals(URI.create("https://h.example/openai/chat/completions?api-version=2024-06-01"),
                OpenAiJudgeSpec.parse("openai:https://h.example/openai?api-version=2024-06-01").endpoint());
    }

    @Test
    void theModelFollowsTheHashAndKeepsItsCase() {
        OpenAiJudgeSpec spec = OpenAiJudgeSpec.parse(" OpenAI:http://127.0.0.1:11434/v1#qwen2.5:7b-Instruct ");
        assertEquals("qwen2.5:7b-Instruct", spec.model());
        assertEquals(URI.create("http://127.0.0.1:11434/v1/chat/completions"), spec.endpoint());
        assertEquals("meta-llama/Llama-3.1-8B-Instruct",
                OpenAiJudgeSpec.parse("openai:http://gpu:8000/v1#meta-llama/Llama-3.1-8B-Instruct").model());
    }

    @Test
    void aMalformedSpecSaysWhatIsWrong() {
        String expected = " (expected openai:URL[#model], e.g. openai:http://127.0.0.1:8000/v1#my-model)";
        assertEquals("judge 'openai:ftp://host/v1': the URL must start with http:// or https://" + expected,
                assertThrows(IllegalArgumentException.class, () -> OpenAiJudgeSpec.parse("openai:ftp://host/v1")).getMessage());
        assertEquals("judge 'openai:': the URL must start with http:// or https://" + expected,
                assertThrows(IllegalArgumentException.class, () -> OpenAiJudgeSpec.parse("openai:")).getMessage());
        assertEquals("judge 'openai:http://h/v1#': names no model after '#'" + expected,
                assertThrows(IllegalArgumentException.class, () -> OpenAiJudgeSpec.parse("openai:http://h/v1#")).getMessage());
        assertEquals("judge 'openai:http:///v1': the URL names no host" + expected,
                assertThrows(IllegalArgumentException.class, () -> OpenAiJudgeSpec.parse("openai:http:///v1")).getMessage());
        assertEquals("judge 'openai:https://sk-1:x@api.example.com/v1': the URL must not carry credentials: put the API"
                + " key in KTO_JUDGE_API_KEY" + expected, assertThrows(IllegalArgumentException.class,
                () -> OpenAiJudgeSpec.parse("openai:https://sk-1:x@api.example.com/v1")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> OpenAiJudgeSpec.parse("openai:http://a b/"))
                .getMessage().startsWith("judge 'openai:http://a b/': the URL is not valid ("));
    }

    @Test
    void judgesKnowsWellFormedSpecsWithoutContactingAnything() {
        assertTrue(Judges.isKnown("openai:http://127.0.0.1:1/v1#m"), "nothing listens on port 1; the spec is still valid");
        assertInstanceOf(OpenAiJudge.class, Judges.byName("openai:http://127.0.0.1:1/v1#m"));
        assertFalse(Judges.isKnown("openai:ftp://x"));
        assertTrue(Judges.unknown("openai:ftp://x").startsWith("judge 'openai:ftp://x': the URL must start with http://"));
        assertThrows(IllegalArgumentException.class, () -> Judges.byName("openai:ftp://x"));
        assertEquals("unknown judge 'gpt-4'; known judges: arithmetic, openai:URL[#model], reward-model:DIR[#margin=M]", Judges.unknown("gpt-4"));
    }
}
