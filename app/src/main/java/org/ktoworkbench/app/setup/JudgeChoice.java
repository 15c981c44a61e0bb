package org.ktoworkbench.app.setup;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.eval.Judge;
import org.ktoworkbench.model.eval.Judgement;
import org.ktoworkbench.model.eval.Judges;
import org.ktoworkbench.model.eval.Matchup;
import org.ktoworkbench.model.eval.Verdict;
import org.ktoworkbench.model.store.Split;
import org.ktoworkbench.model.store.Workspace;

/**
 * The run's judge: a built-in name or a spec typed in ({@code openai:URL[#model]}, {@code reward-model:DIR}, whatever
 * {@link Judges} parses), checked as it is typed with the engine's own message; and "test this judge": the judge asked
 * about one example pair (a prompt and two completions the user may edit, or taken from the dataset's eval split) off
 * the FX thread, as the CLI's {@code judge --judge SPEC --prompt P --a A --b B} does, showing the verdict, the judge's
 * raw answer and any error.
 */
public final class JudgeChoice {
    /** A template per spec form, offered in the list beside the built-in names. */
    public static final String OPENAI_TEMPLATE = "openai:http://127.0.0.1:8000/v1#model";
    public static final String REWARD_MODEL_PREFIX = "reward-model:";

    private final Workspace workspace;
    private final TaskExecutor executor;
    private final StringProperty spec = new SimpleStringProperty(this, "spec");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final StringProperty prompt = new SimpleStringProperty(this, "prompt", "");
    private final StringProperty completionA = new SimpleStringProperty(this, "completionA", "");
    private final StringProperty completionB = new SimpleStringProperty(this, "completionB", "");
    private final ReadOnlyBooleanWrapper testing = new ReadOnlyBooleanWrapper(this, "testing");
    private final ReadOnlyBooleanWrapper canTest = new ReadOnlyBooleanWrapper(this, "canTest");
    private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper(this, "verdict", "");
    private final ReadOnlyStringWrapper answer = new ReadOnlyStringWrapper(this, "answer", "");
    private final ReadOnlyStringWrapper testError = new ReadOnlyStringWrapper(this, "testError", "");

    public JudgeChoice(Workspace workspace, TaskExecutor executor, String initial) {
        this.workspace = workspace;
        this.executor = executor;
        spec.addListener((obs, old, now) -> {
            validate();
            verdict.set("");
            answer.set("");
            testError.set("");
        });
        prompt.addListener((obs, old, now) -> updateCanTest());
        spec.set(initial);
        validate();
    }

    /** The built-in judges, then a template of each spec form to edit. */
    public List<String> choices() {
        List<String> out = new ArrayList<>(Judges.names());
        out.add(OPENAI_TEMPLATE);
        return out;
    }

    private void validate() {
        String s = spec.get() == null ? "" : spec.get().strip();
        error.set(s.isEmpty() ? "Judge: choose a judge or type a spec (openai:URL[#model], reward-model:DIR)."
                : Judges.isKnown(s) ? "" : Judges.unknown(s));
        updateCanTest();
    }

    private void updateCanTest() {
        canTest.set(error.get().isEmpty() && !testing.get() && prompt.get() != null && !prompt.get().isBlank());
    }

    /** {@code reward-model:DIR} for a folder the user chose. */
    public void useRewardModel(Path dir) {
        spec.set(REWARD_MODEL_PREFIX + dir);
    }

    /** The example pair from {@code dataset}'s eval split: a prompt with a desirable (A) and an undesirable (B) completion. */
    public void takeExampleFrom(String dataset) {
        if (dataset == null) {
            testError.set("Choose a dataset to take an example from.");
            return;
        }
        executor.execute(BackgroundTask.of("Reading an example of " + dataset, ctx -> examplePair(dataset))
                .onSuccess(found -> {
                    if (found.isEmpty()) {
                        testError.set(dataset + ": its eval split has no rows to take an example from.");
                        return;
                    }
                    prompt.set(found.get().prompt());
                    completionA.set(found.get().policyText());
                    completionB.set(found.get().referenceText());
                    testError.set("");
                })
                .onFailure(e -> testError.set("Could not read " + dataset + ": " + e.getMessage())));
    }

    /** The first eval prompt that has a desirable and an undesirable completion; else the first row, B empty. */
    private Optional<Matchup> examplePair(String dataset) {
        List<Example> eval = workspace.datasets().examples(dataset, Split.EVAL);
        for (Example first : eval) {
            Optional<Example> other = eval.stream()
                    .filter(e -> e.prompt().equals(first.prompt()) && e.desirable() != first.desirable()).findFirst();
            if (other.isPresent()) {
                Example good = first.desirable() ? first : other.get();
                Example bad = first.desirable() ? other.get() : first;
                return Optional.of(new Matchup(first.prompt(), good.completion(), bad.completion()));
            }
        }
        return eval.stream().findFirst().map(e -> new Matchup(e.prompt(), e.completion(), ""));
    }

    /** Asks the judge about the example pair in the background; the verdict, raw answer or error come back here. */
    public void test() {
        if (!canTest.get()) {
            return;
        }
        String judgeSpec = spec.get().strip();
        Matchup pair = new Matchup(prompt.get(), completionA.get(), completionB.get());
        verdict.set("");
        answer.set("");
        testError.set("");
        testing.set(true);
        updateCanTest();
        executor.execute(BackgroundTask.of("Testing judge " + judgeSpec, ctx -> ask(judgeSpec, pair))
                .onSuccess(j -> {
                    verdict.set(describe(j.verdict()));
                    answer.set(j.answer() == null ? "" : j.answer());
                })
                .onFailure(e -> testError.set("The judge failed: " + (e.getMessage() == null ? e.toString() : e.getMessage())))
                .onFinished(() -> {
                    testing.set(false);
                    updateCanTest();
                }));
    }

    private static Judgement ask(String judgeSpec, Matchup pair) {
        Judge judge = Judges.byName(judgeSpec);
        return judge.compareAll(List.of(pair)).get(0);
    }

    private static String describe(Verdict v) {
        return switch (v) {
            case A -> "A is better";
            case B -> "B is better";
            case TIE -> "a tie";
        };
    }

    /** The judge's name or spec as the run config stores it. */
    public StringProperty specProperty() {
        return spec;
    }

    /** The engine's message for a spec it would refuse; empty while it takes it. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public StringProperty promptProperty() {
        return prompt;
    }

    public StringProperty completionAProperty() {
        return completionA;
    }

    public StringProperty completionBProperty() {
        return completionB;
    }

    public ReadOnlyBooleanProperty testingProperty() {
        return testing.getReadOnlyProperty();
    }

    /** A well-formed spec, a prompt, and no test running. */
    public ReadOnlyBooleanProperty canTestProperty() {
        return canTest.getReadOnlyProperty();
    }

    /** "A is better", "B is better" or "a tie" after a test; empty before. */
    public ReadOnlyStringProperty verdictProperty() {
        return verdict.getReadOnlyProperty();
    }

    /** What the judge answered in its own words (a language-model judge); empty for judges that compute. */
    public ReadOnlyStringProperty answerProperty() {
        return answer.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty testErrorProperty() {
        return testError.getReadOnlyProperty();
    }
}
