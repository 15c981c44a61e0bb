package org.ktoworkbench.model.nn.lora;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * PEFT's {@code adapter_config.json} for a LoRA adapter of a causal LM: what {@code PeftModel.from_pretrained} reads
 * (peft_type LORA, task_type CAUSAL_LM, r, lora_alpha, lora_dropout, target_modules, fan_in_fan_out, bias "none") and
 * the base model's folder.
 */
public record AdapterConfig(LoraSpec spec, String baseModel, boolean fanInFanOut) {
    public static final String FILE = "adapter_config.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path dir) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.put("peft_type", "LORA");
        c.put("task_type", "CAUSAL_LM");
        c.put("base_model_name_or_path", baseModel);
        c.put("r", spec.rank());
        if (spec.alpha() == Math.rint(spec.alpha())) c.put("lora_alpha", (long) spec.alpha()); else c.put("lora_alpha", spec.alpha());
        c.put("lora_dropout", spec.dropout());
        spec.targets().forEach(c.putArray("target_modules")::add);
        c.put("fan_in_fan_out", fanInFanOut);
        c.put("bias", "none");
        c.put("inference_mode", true);
        c.put("init_lora_weights", true);
        c.put("use_rslora", false);
        c.put("use_dora", false);
        c.putNull("modules_to_save");
        Files.writeString(dir.resolve(FILE), JSON.writeValueAsString(c) + "\n");
    }

    public static boolean existsIn(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /** Reads {@code dir/adapter_config.json}; anything this program cannot apply is an IOException naming the field. */
    public static AdapterConfig read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        JsonNode c;
        try {
            c = JSON.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": line " + e.getLocation().getLineNr() + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (c == null || !c.isObject()) throw new IOException(file + ": expected a JSON object");
        if (!"LORA".equals(c.path("peft_type").asText())) {
            throw new IOException(file + ": field 'peft_type' is " + c.path("peft_type") + "; only LORA adapters load here");
        }
        if (c.path("use_rslora").asBoolean(false) || c.path("use_dora").asBoolean(false)) {
            throw new IOException(file + ": rsLoRA and DoRA adapters are not supported (fields 'use_rslora', 'use_dora')");
        }
        if (!c.path("bias").asText("none").equals("none")) {
            throw new IOException(file + ": field 'bias' must be \"none\" (trained biases are not supported)");
        }
        if (!c.path("r").canConvertToInt() || !c.path("lora_alpha").isNumber()) {
            throw new IOException(file + ": fields 'r' (an integer) and 'lora_alpha' (a number) are required");
        }
        List<String> targets = new ArrayList<>();
        JsonNode modules = c.path("target_modules");
        if (modules.isArray()) {
            modules.forEach(m -> targets.add(m.asText()));
        } else {
            throw new IOException(file + ": field 'target_modules' must be a list of module names");
        }
        String base = c.path("base_model_name_or_path").asText("");
        if (base.isBlank()) throw new IOException(file + ": field 'base_model_name_or_path' must name the base model's folder");
        LoraSpec spec = new LoraSpec(c.path("r").asInt(), c.path("lora_alpha").asDouble(), c.path("lora_dropout").asDouble(0),
                targets);
        List<String[]> problems = spec.problems("");
        if (!problems.isEmpty()) throw new IOException(file + ": field '" + problems.get(0)[0] + "' " + problems.get(0)[1]);
        return new AdapterConfig(spec, base, c.path("fan_in_fan_out").asBoolean(false));
    }
}
