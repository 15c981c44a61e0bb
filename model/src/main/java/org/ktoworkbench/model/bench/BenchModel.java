package org.ktoworkbench.model.bench;

import org.ktoworkbench.model.hf.HfConfig;
import org.ktoworkbench.model.hf.HfConfigReader;
import org.ktoworkbench.model.loading.ModelFolder;
import org.ktoworkbench.model.loading.ModelKind;
import org.ktoworkbench.model.nn.CausalLm;
import org.ktoworkbench.model.nn.Gpt;
import org.ktoworkbench.model.nn.hf.HfModels;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model folder loaded for a benchmark: the trainable model with the widths its FLOPs are counted from. No
 * tokenizer is read (benchmarks feed synthetic ids), so a folder of weights and config.json is enough.
 *
 * @param architecture the transformers class name, or "built-in GPT"
 */
public record BenchModel(CausalLm model, String architecture, DecoderDims dims) {

    /** Problems with the folder are IOExceptions naming the file and field or tensor, as training's loader gives. */
    public static BenchModel load(Path dir) throws IOException {
        if (ModelFolder.kindOf(dir) == ModelKind.BUILT_IN) {
            Gpt gpt = Gpt.load(dir);
            return new BenchModel(gpt, "built-in GPT", DecoderDims.of(gpt.config()));
        }
        HfConfig config = HfConfigReader.read(dir);
        return new BenchModel(HfModels.load(dir), config.architecture(), DecoderDims.of(config));
    }
}
