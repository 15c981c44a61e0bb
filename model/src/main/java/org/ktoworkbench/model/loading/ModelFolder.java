package org.ktoworkbench.model.loading;

import ai.djl.Device;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.hf.HfModels;
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

    /** Reads only config.json: which loader {@code dir} needs. */
    public static ModelKind kindOf(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such model folder");
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

    /** Loads only the model (parameters require gradients): a training checkpoint, which holds no tokenizer. */
    public static CausalLm loadModel(Path dir) throws IOException {
        return loadModel(dir, null);
    }

    /** As {@link #loadModel(Path)} with every array on {@code device} (null: DJL's default). */
    public static CausalLm loadModel(Path dir, Device device) throws IOException {
        return kindOf(dir) == ModelKind.BUILT_IN ? Gpt.load(dir, device) : HfModels.load(dir, device);
    }

    /** Loads the model (parameters require gradients) with its tokenizer. */
    public static LoadedModel load(Path dir) throws IOException {
        ModelKind kind = kindOf(dir);
        if (kind == ModelKind.BUILT_IN) {
            return new LoadedModel(kind, dir, Gpt.load(dir), new ByteTokenizer());
        }
        HfTokenizer tokenizer = HfTokenizer.open(dir);
        CausalLm model;
        try {
            model = HfModels.load(dir);
        } catch (IOException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        if (tokenizer.vocabSize() > model.vocabSize()) {
            model.close();
            tokenizer.close();
            throw new IOException(dir.resolve(HfTokenizer.TOKENIZER_FILE) + ": has " + tokenizer.vocabSize()
                    + " tokens but config.json's vocab_size is " + model.vocabSize()
                    + ": the tokenizer does not belong to this model");
        }
        return new LoadedModel(kind, dir, model, tokenizer);
    }
}
