package org.ktoworkbench.model.loading;

import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.lora.AdapterConfig;
import org.ktoworkbench.model.nn.lora.LoraModel;
import org.ktoworkbench.model.store.FileTrees;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * A model folder written out as a checkpoint folder transformers loads: the built-in GPT as GPT-2
 * ({@link Gpt2Export}), a Hugging Face model in its own architecture, config.json and source dtypes, with the
 * source folder's tokenizer and generation files. The folder is written beside the target and moved into place, so
 * the target is either untouched or complete.
 */
public final class ModelExport {
    /** Files of a Hugging Face folder that belong with its weights. */
    static final List<String> TOKENIZER_FILES = List.of("tokenizer.json", "tokenizer_config.json",
            "special_tokens_map.json", "generation_config.json", "chat_template.jinja");

    private ModelExport() {}

    /** Refuses, before any work, a target that is a file or a non-empty folder (unless {@code replace}). */
    public static void requireTarget(Path target, boolean replace) throws IOException {
        if (Files.isSymbolicLink(target) || (Files.exists(target) && !Files.isDirectory(target))) {
            throw new IOException(target + ": exists and is not a folder; not written");
        }
        if (Files.isDirectory(target) && !replace && !isEmpty(target)) {
            throw new IOException(target + ": exists and is not empty; not replaced (--force replaces it)");
        }
    }

    public static void export(Path source, Path target, boolean replace) throws IOException {
        export(source, target, replace, false);
    }

    /**
     * As {@link #export(Path, Path, boolean)}; a LoRA adapter folder is written as a PEFT adapter folder, or with
     * {@code merge} as a full checkpoint of its base with the adapter merged into the weights (W + alpha/r·B·A).
     * {@code merge} on a model that is not a LoRA adapter is refused before anything is written.
     */
    public static void export(Path source, Path target, boolean replace, boolean merge) throws IOException {
        requireTarget(target, replace);
        if (merge && !AdapterConfig.existsIn(source)) {
            throw new IOException(source + ": not a LoRA adapter (no " + AdapterConfig.FILE + "): its model is a full"
                    + " checkpoint already; export it without --merge");
        }
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        if (!Files.isDirectory(parent)) {
            throw new IOException(target + ": cannot write: no directory " + parent);
        }
        Path partial = parent.resolve("." + absolute.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".partial");
        try {
            try (LoadedModel loaded = ModelFolder.load(source)) {
                if (loaded.model() instanceof Gpt gpt) {
                    Gpt2Export.write(gpt, partial);
                } else if (merge && loaded.model() instanceof LoraModel lora) {
                    lora.merge().save(partial); // closed with the loaded model: merge hands back the same base
                    copyTokenizerFiles(source, partial);
                } else {
                    loaded.model().save(partial);
                    copyTokenizerFiles(source, partial);
                }
            }
            FileTrees.delete(absolute);
            Files.move(partial, absolute, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            FileTrees.delete(partial);
        }
    }

    /** The tokenizer and generation files of {@code source} that exist, copied into {@code target}. */
    public static void copyTokenizerFiles(Path source, Path target) throws IOException {
        for (String name : TOKENIZER_FILES) {
            if (Files.isRegularFile(source.resolve(name))) {
                Files.copy(source.resolve(name), target.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
