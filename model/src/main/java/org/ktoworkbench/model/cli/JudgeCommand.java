package org.ktoworkbench.model.cli;

import org.ktoworkbench.model.eval.Judge;
import org.ktoworkbench.model.eval.Judgement;
import org.ktoworkbench.model.eval.Judges;
import org.ktoworkbench.model.eval.Matchup;
import org.ktoworkbench.model.eval.Verdict;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "judge", mixinStandardHelpOptions = true,
        description = {"Ask a judge which of two completions of a prompt is better, to try it before a run depends on it.",
                "Prints the verdict (A, B or tie) and, for a judge that answers in words, its raw answers;"
                        + " for a reward model, both rewards."})
final class JudgeCommand implements Callable<Integer> {
    @Option(names = "--judge", required = true, paramLabel = "SPEC", description = {"arithmetic; openai:URL[#model]"
            + " (an OpenAI-compatible chat-completions server; API key from $KTO_JUDGE_API_KEY, else $OPENAI_API_KEY;"
            + " each pair is asked in both orders, a disagreement is a tie); or reward-model:DIR[#margin=M] (a Hugging"
            + " Face reward model folder: Llama, Mistral, Qwen2, Qwen3, GPT2 or GPTNeoX ForSequenceClassification with"
            + " one label; the prompt and completion go through its chat template as user and assistant messages when"
            + " it has one, else as prompt + completion; the higher reward wins, |rA - rB| <= M is a tie, M defaults to 0)."})
    String judge;
    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
    String prompt;
    @Option(names = "--a", required = true, paramLabel = "TEXT", description = "Completion A.")
    String a;
    @Option(names = "--b", required = true, paramLabel = "TEXT", description = "Completion B.")
    String b;
    @Mixin // accepted like every command's; judging needs no workspace
    WorkspaceOption workspace;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Judgement judgement;
        try (Judge chosen = Judges.byName(judge)) {
            judgement = chosen.compareAll(List.of(new Matchup(prompt, a, b))).get(0);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println("verdict: " + (judgement.verdict() == Verdict.TIE ? "tie" : judgement.verdict().name()));
        if (judgement.answer() != null) {
            judgement.answer().lines().forEach(line -> out.println(TerminalText.escape(line)));
        }
        return 0;
    }
}
