package org.ktoworkbench.model.train;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.data.RowText;
import org.ktoworkbench.model.eval.SamplePrompts;
import org.ktoworkbench.model.loading.ModelExport;
import org.ktoworkbench.model.loading.ModelFolder;
import org.ktoworkbench.model.loading.ModelKind;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.text.ByteTokenizer;
import org.ktoworkbench.model.text.ChatTemplateException;
import org.ktoworkbench.model.text.HfChatTemplate;
import org.ktoworkbench.model.text.HfTokenizer;
import org.ktoworkbench.model.text.KtoText;
import org.ktoworkbench.model.text.KtoTokenization;
import org.ktoworkbench.model.text.Tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run's model comes from and how its rows and prompts become tokens: a fresh built-in GPT (or a folder the
 * built-in GPT saved) with the byte tokenizer, or a Hugging Face folder with its own tokenizer and chat template,
 * tokenized as TRL's KTOTrainer does. Holds the tokenizer's native memory until closed.
 */
final class RunModel implements AutoCloseable {
    private final RunConfig config;
    private final Path folder;         // null: a fresh built-in GPT
    private final Tokenizer tokenizer;
    private final HfTokenizer hf;      // null: the byte tokenizer

    private RunModel(RunConfig config, Path folder, Tokenizer tokenizer, HfTokenizer hf) {
        this.config = config;
        this.folder = folder;
        this.tokenizer = tokenizer;
        this.hf = hf;
    }

    static RunModel of(RunConfig config) throws IOException {
        Path folder = config.model().folderPath();
        if (folder == null || ModelFolder.kindOf(folder) == ModelKind.BUILT_IN) {
            return new RunModel(config, folder, new ByteTokenizer(), null);
        }
        HfTokenizer hf = HfTokenizer.open(folder);
        return new RunModel(config, folder, hf, hf);
    }

    Tokenizer tokenizer() {
        return tokenizer;
    }

    /** The model a run with no base starts from: seeded random weights, or the folder's. */
    CausalLm initial() throws IOException {
        Device device = ComputeDevice.parse(config.device());
        if (folder == null) {
            return Gpt.create(config.model().gptConfig(tokenizer.vocabSize()), config.seed(), DataType.FLOAT32, device);
        }
        CausalLm model = ModelFolder.loadModel(folder, device);
        if (tokenizer.vocabSize() > model.vocabSize()) {
            model.close();
            throw new IOException(folder.resolve(HfTokenizer.TOKENIZER_FILE) + ": has " + tokenizer.vocabSize()
                    + " tokens but the model's vocabulary has " + model.vocabSize() + ": the tokenizer does not belong to it");
        }
        return model;
    }

    /** A model a run saved (a base run's final model or a checkpoint), on the run's device. */
    CausalLm load(Path dir) throws IOException {
        return ModelFolder.loadModel(dir, ComputeDevice.parse(config.device()));
    }

    /**
     * The rows of one split, tokenized for a model reading sequences of {@code maxLength} tokens at most; what the
     * tokenization dropped or cut is added to {@code notices}, naming {@code split}.
     */
    EncodedRows encode(List<Example> rows, int maxLength, String split, List<String> notices) {
        if (hf == null) return new EncodedRows(rows, tokenizer, maxLength - 1);
        List<KtoText> texts = rows.stream().map(RowText::of).toList();
        KtoTokenization.Result result;
        try {
            result = KtoTokenization.of(hf, maxLength).tokenize(texts);
        } catch (ChatTemplateException e) {
            throw new ChatTemplateException("dataset '" + config.dataset() + "' (" + split + " split): " + e.getMessage());
        }
        for (String warning : result.warnings()) notices.add(split + " split: " + warning);
        boolean[] desirable = new boolean[rows.size()];
        for (int i = 0; i < desirable.length; i++) desirable[i] = rows.get(i).desirable();
        return EncodedRows.tokenized(result, desirable, tokenizer.padId());
    }

    /** Up to {@code limit} distinct held-out prompts, as the model is prompted with them. */
    SamplePrompts samplePrompts(List<Example> eval, int limit) {
        Map<String, Example> byPrompt = new LinkedHashMap<>();
        for (Example e : eval) {
            if (byPrompt.size() >= limit) break;
            byPrompt.putIfAbsent(e.prompt(), e);
        }
        List<String> texts = new ArrayList<>(byPrompt.keySet());
        if (hf == null) return SamplePrompts.ofText(texts, tokenizer);
        HfChatTemplate template = HfChatTemplate.of(hf).orElse(null);
        List<int[]> ids = new ArrayList<>(texts.size());
        for (Example e : byPrompt.values()) {
            KtoText text = RowText.of(e);
            ids.add(text instanceof KtoText.Conversational chat && template != null
                    ? hf.encode(template.render(chat.prompt(), true), false)
                    : hf.encode(e.prompt(), true));
        }
        return new SamplePrompts(texts, ids, tokenizer, true);
    }

    /** The run's final model, with the tokenizer files of a Hugging Face source so the folder loads on its own. */
    void saveFinal(CausalLm policy, Path dir) throws IOException {
        policy.save(dir);
        if (folder != null && hf != null) ModelExport.copyTokenizerFiles(folder, dir);
    }

    @Override
    public void close() {
        if (hf != null) hf.close();
    }
}
