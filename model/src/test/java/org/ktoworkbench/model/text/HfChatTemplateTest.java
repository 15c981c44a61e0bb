package org.ktoworkbench.model.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ktoworkbench.model.text.ChatMessage.assistant;
import static org.ktoworkbench.model.text.ChatMessage.system;
import static org.ktoworkbench.model.text.ChatMessage.user;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Real chat templates against outputs written by hand from reading each template and transformers'
 * apply_chat_template (Jinja with trim_blocks and lstrip_blocks).
 */
class HfChatTemplateTest {
    private static final List<ChatMessage> SYSTEM_USER = List.of(system("You are terse."), user("What is 2+2?"));
    private static final List<ChatMessage> USER = List.of(user("Hi"));
    private static final List<ChatMessage> USER_ASSISTANT = List.of(user("Hi"), assistant("Hello!"));
    private static final List<ChatMessage> MULTI_TURN = List.of(user("Hi"), assistant("Hello! How can I help?"), user("Tell me a joke."));

    private static HfChatTemplate real(String model) {
        Path config = RealTokenizers.dir(model).resolve(HfTokenizerConfig.FILE_NAME);
        return fromConfig(config);
    }

    private static HfChatTemplate transcribed(String name) throws IOException {
        Path config = Path.of("src/test/resources/text/templates", name);
        assertTrue(Files.isRegularFile(config), config.toString());
        return fromConfig(config);
    }

    private static HfChatTemplate fromConfig(Path file) {
        HfTokenizerConfig config = HfTokenizerConfig.read(file);
        return new HfChatTemplate(config.chatTemplate().orElseThrow(), config.bosToken(), config.eosToken());
    }

    @Test
    void qwen3() {
        HfChatTemplate qwen3 = real(RealTokenizers.QWEN3);
        assertEquals("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
                qwen3.render(SYSTEM_USER, true));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n", qwen3.render(USER, false));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello! How can I help?<|im_end|>\n"
                + "<|im_start|>user\nTell me a joke.<|im_end|>\n<|im_start|>assistant\n", qwen3.render(MULTI_TURN, true));
        // the assistant turn after the last user query gets a (here empty) think block
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\nHello!<|im_end|>\n",
                qwen3.render(USER_ASSISTANT, false));
    }

    @Test
    void qwen3ReasoningAndThinkingSwitch() {
        HfChatTemplate qwen3 = real(RealTokenizers.QWEN3);
        List<ChatMessage> reasoned = List.of(user("Hi"), assistant("<think>\nLet me think.\n</think>\n\nHello!"));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\nLet me think.\n</think>\n\nHello!<|im_end|>\n",
                qwen3.render(reasoned, false));
        // reasoning of turns before the last user query is dropped
        List<ChatMessage> earlier = List.of(user("Hi"), assistant("<think>\nhmm\n</think>\n\nHello!"), user("Bye"));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nBye<|im_end|>\n",
                qwen3.render(earlier, false));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
                qwen3.render(USER, true, Map.of("enable_thinking", false)));
    }

    @Test
    void qwen25AddsItsDefaultSystemPrompt() {
        HfChatTemplate qwen25 = real(RealTokenizers.QWEN2_5);
        String defaultSystem = "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n";
        assertEquals(defaultSystem + "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", qwen25.render(USER, true));
        assertEquals("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n",
                qwen25.render(SYSTEM_USER, false));
        assertEquals(defaultSystem + "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello! How can I help?<|im_end|>\n"
                + "<|im_start|>user\nTell me a joke.<|im_end|>\n<|im_start|>assistant\n", qwen25.render(MULTI_TURN, true));
    }

    @Test
    void llama3Instruct() {
        HfChatTemplate llama = real(RealTokenizers.LLAMA3_1); // the package ships Llama 3 Instruct's template
        assertEquals("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are terse.<|eot_id|>"
                + "<|start_header_id|>user<|end_header_id|>\n\nWhat is 2+2?<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
                llama.render(SYSTEM_USER, true));
        assertEquals("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\nHello!<|eot_id|>", llama.render(USER_ASSISTANT, false));
        // content | trim binds before the +
        assertEquals("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>",
                llama.render(List.of(user("  Hi \n")), false));
    }

    @Test
    void llama3BaseTemplateAlwaysEndsWithTheAssistantHeader() {
        HfChatTemplate llama = real(RealTokenizers.LLAMA3);
        assertEquals("<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n", llama.render(USER, false));
    }

    @Test
    void smolLm2() throws IOException {
        HfChatTemplate smol = transcribed("smollm2.json");
        assertEquals("<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n"
                + "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n", smol.render(USER, true));
        assertEquals("<|im_start|>system\nYou are terse.<|im_end|>\n<|im_start|>user\nWhat is 2+2?<|im_end|>\n",
                smol.render(SYSTEM_USER, false));
    }

    @Test
    void mistralInstruct() throws IOException {
        HfChatTemplate mistral = transcribed("mistral-7b-instruct-v0.1.json");
        assertEquals("<s>[INST] Hi [/INST]Hello! How can I help?</s>[INST] Tell me a joke. [/INST]", mistral.render(MULTI_TURN, true));
        assertEquals("<s>[INST] Hi [/INST]Hello!</s>", mistral.render(USER_ASSISTANT, false));
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> mistral.render(SYSTEM_USER, true));
        assertEquals("chat template refused the conversation: Conversation roles must alternate user/assistant/user/assistant/...",
                e.getMessage());
    }

    @Test
    void jinjaAsTransformersConfiguresIt() {
        assertEquals("X\n", render("{% if true %}\nX\n{% endif %}\n"), "trim_blocks");
        assertEquals("X", render("   {% if true %}X{% endif %}"), "lstrip_blocks");
        assertEquals("{\"a\": [1, \"é\\\"\"], \"b\": null}", render("{{ {'a': [1, 'é\"'], 'b': none} | tojson }}"));
        assertEquals("[\n  1\n]", render("{{ [1] | tojson(indent=2) }}"));
        assertEquals(String.valueOf(java.time.Year.now().getValue()), render("{{ strftime_now('%Y') }}"));
        assertEquals("2", render("{% set ns = namespace(found=false, last=xs|length - 1) %}{{ ns.last }}", Map.of("xs", List.of(1, 2, 3))));
    }

    @Test
    void pythonStringMethods() {
        assertEquals("3", render("{{ 'a.b.c'.split('.') | length }}"), "literal separator, not a regex");
        assertEquals("4", render("{{ 'a,,b,'.split(',') | length }}"), "empty parts kept");
        assertEquals("2", render("{{ '  a \\n b  '.split() | length }}"));
        assertEquals("hi|hixx|xxhi", render("{{ 'xxhixx'.strip('x') }}|{{ 'xxhixx'.lstrip('x') }}|{{ 'xxhixx'.rstrip('x') }}"));
        assertEquals("truefalse", render("{{ 'abc'.startswith('ab') }}{{ 'abc'.endswith('b') }}"));
        assertEquals("A-B", render("{{ '-'.join(['a', 'b']) | upper }}"));
    }

    @Test
    void aTemplateThatDoesNotParseIsAnErrorWithItsLine() {
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> render("ok\n{% if %}"));
        assertTrue(e.getMessage().startsWith("chat template, line 2: "), e.getMessage());
    }

    @Test
    void theTokenizersDefaultTemplate() {
        HfChatTemplate template = HfChatTemplate.of(RealTokenizers.shared(RealTokenizers.QWEN3)).orElseThrow();
        assertEquals("<|im_start|>user\nHi<|im_end|>\n", template.render(USER, false));
    }

    private static String render(String template) {
        return render(template, Map.of());
    }

    private static String render(String template, Map<String, Object> variables) {
        return new HfChatTemplate(template, null, null).render(List.of(), false, variables);
    }
}
