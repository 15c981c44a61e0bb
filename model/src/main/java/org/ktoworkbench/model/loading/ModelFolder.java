package org.ktoworkbench.model.loading;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.hf.SequenceClassifierConfig;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.hf.HfModels;
import org.ktoworkbench.model.nn.hf.HfRewardModel;
import org.ktoworkbench.model.nn.lora.AdapterConfig;
import org.ktoworkbench.model.nn.lora.LoraModel;
import org.ktoworkbench.model.text.ByteTokenizer;
import org.ktoworkbench.model.text.HfTokenizer;
import org.ktoworkbench.model.text.Tokenizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The one entry point from a model folder to a model and its tokenizer: a folder the built-in GPT saved
 * (config.json {@code "architecture": "gpt"}) loads with {@link Gpt#load} and the byte tokenizer, a Hugging Face
 * folder (config.json {@code architectures} or {@code model_type}) with {@link HfModels#load} and the folder's
 * tokenizer.json. Problems are IOExceptions (or the tokenizer's own exception) naming the file and field.
 */
public final class ModelFolder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelFolder() {}

    /** Reads only config.json: which loader {@code dir} needs (a LoRA adapter folder: its base's). */
    public static ModelKind kindOf(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such model folder");
        }
        if (AdapterConfig.existsIn(dir)) {
            return kindOf(LoraModel.baseFolderOf(dir));
        }
        Path file = dir.resolve(HfConfigReader.CONFIG_FILE);
        JsonNode node;
        try {
            node = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": model config not found");
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": line " + e.getLocation().getLineNr() + ": not valid JSON: "
                    + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IOException(file + ": expected a JSON object");
        }
        if (node.has("architectures") || node.has("model_type")) {
            return ModelKind.HUGGING_FACE;
        }
        if (node.has("architecture")) {
            return ModelKind.BUILT_IN; // GptConfig checks its value
        }
        throw new IOException(file + ": field 'architectures' is missing: neither a Hugging Face config"
                + " nor one the built-in GPT wrote (field 'architecture')");
    }

    /**
     * Opens only the tokenizer of {@code dir} (no weights are read): the byte tokenizer of a built-in GPT folder, the
     * folder's tokenizer.json otherwise. Close it when it is an {@link HfTokenizer}.
     */
    public static Tokenizer openTokenizer(Path dir) throws IOException {
        return kindOf(dir) == ModelKind.BUILT_IN ? new ByteTokenizer() : HfTokenizer.open(dir);
    }

    /**
     * Loads only the model (parameters require gradients): a training checkpoint, which holds no tokenizer. A PEFT
     * adapter folder loads on the base model its adapter_config.json names ({@link LoraModel}).
     */
    public static CausalLm loadModel(Path dir) throws IOException {
        return loadModel(dir, null);
    }

    /** As {@link #loadModel(Path)} with every array on {@code device} (null: DJL's default). */
    public static CausalLm loadModel(Path dir, Device device) throws IOException {
        if (AdapterConfig.existsIn(dir)) {
            return LoraModel.load(loadModel(LoraModel.baseFolderOf(dir), device), dir);
        }
        return kindOf(dir) == ModelKind.BUILT_IN ? Gpt.load(dir, device) : HfModels.load(dir, device);
    }

    /** Loads the model (parameters require gradients) with its tokenizer. */
    public static LoadedModel load(Path dir) throws IOException {
        ModelKind kind = kindOf(dir);
        if (kind == ModelKind.BUILT_IN) {
            return new LoadedModel(kind, dir, Gpt.load(dir), new ByteTokenizer());
        }
        // an adapter folder a run saved carries its base's tokenizer files; one made elsewhere may not
        boolean ownTokenizer = !AdapterConfig.existsIn(dir) || Files.isRegularFile(dir.resolve(HfTokenizer.TOKENIZER_FILE));
        HfTokenizer tokenizer = HfTokenizer.open(ownTokenizer ? dir : LoraModel.baseFolderOf(dir));
        CausalLm model = null;
        try {
            model = loadModel(dir);
            requireTokenizerFits(dir, tokenizer, model.vocabSize());
        } catch (IOException | RuntimeException e) {
            if (model != null) model.close();
            tokenizer.close();
            throw e;
        }
        return new LoadedModel(kind, dir, model, tokenizer);
    }

    /**
     * Checks a reward model folder from its config.json, safetensors headers and file list, reading no weights: a
     * Hugging Face {@code *ForSequenceClassification} checkpoint of a supported backbone, one label, a
     * {@code score.weight} [1, hidden] and a tokenizer.json.
     *
     * @throws IOException naming the file and what is wrong
     */
    public static SequenceClassifierConfig checkRewardModel(Path dir) throws IOException {
        if (kindOf(dir) == ModelKind.BUILT_IN) {
            throw new IOException(dir.resolve(HfConfigReader.CONFIG_FILE) + ": a built-in GPT folder, not a reward model"
                    + " (a Hugging Face *ForSequenceClassification checkpoint)");
        }
        SequenceClassifierConfig config = HfRewardModel.inspect(dir);
        Path tokenizer = dir.resolve(HfTokenizer.TOKENIZER_FILE);
        if (!Files.isRegularFile(tokenizer)) {
            throw new IOException(tokenizer + ": no such file (a reward model folder needs its tokenizer)");
        }
        return config;
    }

    /** Loads a reward model folder ({@link #checkRewardModel} first) with its tokenizer; nothing requires gradients. */
    public static LoadedRewardModel loadRewardModel(Path dir) throws IOException {
        checkRewardModel(dir);
        HfTokenizer tokenizer = HfTokenizer.open(dir);
        HfRewardModel model = null;
        try {
            model = HfRewardModel.load(dir);
            requireTokenizerFits(dir, tokenizer, model.vocabSize());
        } catch (IOException | RuntimeException e) {
            if (model != null) model.close();
            tokenizer.close();
            throw e;
        }
        return new LoadedRewardModel(dir, model, tokenizer);
    }

    private static void requireTokenizerFits(Path dir, HfTokenizer tokenizer, int modelVocab) throws IOException {
        if (tokenizer.vocabSize() > modelVocab) {
            throw new IOException(dir.resolve(HfTokenizer.TOKENIZER_FILE) + ": has " + tokenizer.vocabSize()
                    + " tokens but config.json's vocab_size is " + modelVocab
                    + ": the tokenizer does not belong to this model");
        }
    }
}
