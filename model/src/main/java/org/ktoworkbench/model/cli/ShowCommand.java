package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.SampleRecord;
import org.ktoworkbench.model.store.Workspace;
import org.ktoworkbench.model.nn.lora.AdapterConfig;
import org.ktoworkbench.model.nn.lora.LoraSpec;
import org.ktoworkbench.model.train.RunConfigJson;
import org.ktoworkbench.model.train.RunModelCheck;
import org.ktoworkbench.model.train.RunPaths;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show a run: config, status, last value of each metric and the latest judged samples.")
final class ShowCommand extends RunCommand {
    @Option(names = "--samples", defaultValue = "5", description = "Judged samples to print (default: ${DEFAULT-VALUE}).")
    int samples;

    @Override
    int run(Workspace ws, RunInfo run, PrintWriter out) {
        out.printf("run %d (%s) %s on %s, status %s%s%n", run.id(), run.kind(), TerminalText.escape(run.name()),
                TerminalText.escape(run.datasetName()),
                run.status().name().toLowerCase(Locale.ROOT),
                run.statusMessage() == null ? "" : " — " + TerminalText.escape(run.statusMessage()));
        if (run.parentRunId() != null) out.println("started from run " + run.parentRunId());
        RunModelCheck.describe(ws, run.id()).ifPresent(source -> out.println("model folder: " + TerminalText.escape(source)));
        if (run.notes() != null && !run.notes().isBlank()) out.println("notes: " + TerminalText.escape(run.notes()));
        Path model = new RunPaths(ws.directory(), run.id()).finalModel();
        if (Files.isDirectory(model)) {
            out.println("model: " + TerminalText.escape(model) + (AdapterConfig.existsIn(model)
                    ? " (a PEFT LoRA adapter: adapter_config.json, adapter_model.safetensors)"
                    : " (safetensors weights and config.json)"));
        }
        LoraSpec lora = RunConfigJson.fromJson(run.configJson()).lora();
        if (lora != null) {
            out.printf(Locale.ROOT, "LoRA: rank %d, alpha %s (scale %s), dropout %s, targets %s%n", lora.rank(),
                    number(lora.alpha()), number(lora.scale()), number(lora.dropout()),
                    TerminalText.escape(String.join(",", lora.targets())));
        }
        out.println("config: " + TerminalText.escape(run.configJson().replaceAll("\\s+", " ")));
        Map<String, MetricPoint> last = new TreeMap<>();
        for (MetricPoint p : ws.runs().metrics(run.id())) last.put(p.name(), p);
        TextTable table = new TextTable("metric", "step", "last value");
        last.values().forEach(p -> table.row(p.name(), p.step(), String.format(Locale.ROOT, "%.6g", p.value())));
        table.print(out);
        List<Long> steps = ws.runs().sampleSteps(run.id());
        if (!steps.isEmpty() && samples > 0) {
            long step = steps.get(steps.size() - 1);
            out.println("samples at step " + step + ":");
            List<SampleRecord> shown = ws.runs().samples(run.id(), step).stream().limit(samples).toList();
            boolean answers = shown.stream().anyMatch(s -> s.judgeAnswer() != null); // a language-model judge's
            TextTable sampleTable = answers ? new TextTable("prompt", "reference", "policy", "verdict", "judge answer")
                    : new TextTable("prompt", "reference", "policy", "verdict");
            for (SampleRecord s : shown) {
                Object[] cells = {s.prompt(), s.referenceText(), s.policyText(), s.verdict(), s.judgeAnswer()};
                sampleTable.row(answers ? cells : Arrays.copyOf(cells, 4));
            }
            sampleTable.print(out);
        }
        return 0;
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%.6g", value).replaceAll("\\.?0+$", "");
    }
}
