package org.ktoworkbench.model.text;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import jinjava.javax.el.CompositeELResolver;

/**
 * A Hugging Face chat template ({@code chat_template} of tokenizer_config.json) rendered as transformers'
 * {@code apply_chat_template(messages, tokenize=False, add_generation_prompt=...)} renders it: Jinja with
 * {@code trim_blocks} and {@code lstrip_blocks}, the variables {@code messages}, {@code bos_token},
 * {@code eos_token}, {@code add_generation_prompt}, and {@code raise_exception}, {@code strftime_now},
 * {@code tojson}, {@code namespace}, {@code loop}, Python string methods.
 *
 * <p>{@link ChatTemplateSource} adapts two constructs Jinjava reads differently; other step slices than
 * {@code [::-1]} fail with the parser's message.
 */
public final class HfChatTemplate {
    private final String template;
    private final Map<String, Object> specialTokens;
    private final Jinjava jinjava;

    /** @param bosToken, eosToken as tokenizer_config.json names them; null when it has none (Qwen has no BOS) */
    public HfChatTemplate(String template, String bosToken, String eosToken) {
        this.template = ChatTemplateSource.adapt(Objects.requireNonNull(template, "template"));
        this.specialTokens = new HashMap<>();
        specialTokens.put("bos_token", bosToken == null ? "" : bosToken);
        specialTokens.put("eos_token", eosToken == null ? "" : eosToken);
        this.jinjava = newJinjava();
    }

    /** The tokenizer's default chat template, if its tokenizer_config.json has one. */
    public static Optional<HfChatTemplate> of(HfTokenizer tokenizer) {
        HfTokenizerConfig config = tokenizer.config();
        return config.chatTemplate().map(t -> new HfChatTemplate(t, config.bosToken(), config.eosToken()));
    }

    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /** @param extra further template variables, e.g. {@code enable_thinking} for Qwen3 */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, Object> extra) {
        Map<String, Object> context = new HashMap<>(specialTokens);
        context.put("messages", messages.stream().map(ChatMessage::toTemplateValue).toList());
        context.put("add_generation_prompt", addGenerationPrompt);
        context.putAll(extra);
        RenderResult result;
        try {
            result = jinjava.renderForResult(template, context);
        } catch (ChatTemplateException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ChatTemplateException("chat template: " + e.getMessage());
        }
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() == TemplateError.ErrorType.FATAL) throw new ChatTemplateException(describe(error));
        }
        return result.getOutput();
    }

    private static String describe(TemplateError error) {
        Throwable cause = error.getException();
        while (cause != null && !(cause instanceof ChatTemplateException)) cause = cause.getCause();
        if (cause != null) return "chat template refused the conversation: " + cause.getMessage();
        return "chat template, line " + error.getLineno() + ": " + error.getMessage();
    }

    private static Jinjava newJinjava() {
        CompositeELResolver resolver = new CompositeELResolver();
        resolver.add(new PythonStringMethods());
        resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_WRITE);
        JinjavaConfig config = JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withElResolver(resolver)
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        // not the "natural" precedence: with it, `not xs|length` negates before the filter
                        .withParseWhitespaceControlStrictly(true)
                        .withUseTrimmingForNotesAndExpressions(true) // {{- trims as {%- does
                        .withKeepNullableLoopValues(true)
                        .build())
                .build();
        Jinjava jinjava = new Jinjava(config);
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition(
                "", "raise_exception", ChatTemplateFunctions.class, "raiseException", String.class));
        jinjava.getGlobalContext().registerFunction(new ELFunctionDefinition(
                "", "strftime_now", ChatTemplateFunctions.class, "strftimeNow", String.class));
        jinjava.getGlobalContext().registerFilter(new ChatTemplateFunctions.ToJson());
        return jinjava;
    }
}
