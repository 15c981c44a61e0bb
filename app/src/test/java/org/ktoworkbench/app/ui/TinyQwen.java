package org.ktoworkbench.app.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;

import org.ktoworkbench.model.hf.TinyCheckpoints;
import org.ktoworkbench.model.text.HfTokenizer;
import org.ktoworkbench.model.text.HfTokenizerConfig;
import org.ktoworkbench.model.text.RealTokenizers;

/**
 * A tiny random Qwen2 checkpoint in the real on-disk format (BF16 safetensors, as Qwen ships) that reads text with
 * Qwen2.5's real tokenizer and chat template: its vocabulary is the tokenizer's, its context 128 tokens.
 */
final class TinyQwen {
    static final int CONTEXT = 128;

    private TinyQwen() {
    }

    static Path write(Path dir) throws IOException {
        Path tokenizer = RealTokenizers.dir(RealTokenizers.QWEN2_5);
        int vocab;
        try (HfTokenizer t = HfTokenizer.open(tokenizer)) {
            vocab = t.vocabSize();
        }
        TinyCheckpoints.Spec spec = new TinyCheckpoints.Spec("qwen2-real-tokenizer", "Qwen2ForCausalLM", vocab, 32, 64,
                2, 4, 2, 8, CONTEXT, 1e-6, 1e6, null, true, true, false, "silu", 1, false, Set.of());
        TinyCheckpoints.write(dir, spec, "BF16", false);
        for (String file : new String[] {HfTokenizer.TOKENIZER_FILE, HfTokenizerConfig.FILE_NAME}) {
            Files.copy(tokenizer.resolve(file), dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        return dir.toAbsolutePath().normalize();
    }
}
