package org.ktoworkbench.app.setup;

import java.io.File;
import java.util.Objects;
import java.util.function.Supplier;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;

/**
 * The judge of the run: a built-in one or a spec typed in (checked as it is typed, the engine's message under it), a
 * folder chooser for a reward model, and an example pair to try the judge on with its verdict and raw answer.
 */
public final class JudgePane extends VBox {
    public JudgePane(JudgeChoice judge, Supplier<String> dataset) {
        setSpacing(8);
        ComboBox<String> spec = new ComboBox<>();
        spec.setId("judge");
        spec.setEditable(true);
        spec.getItems().setAll(judge.choices());
        spec.setMaxWidth(Double.MAX_VALUE);
        spec.setPromptText("arithmetic, openai:URL[#model], reward-model:DIR");
        spec.setTooltip(new Tooltip("A built-in judge, or a spec: openai:URL[#model] (an OpenAI-compatible chat-completions"
                + " server; API key from $KTO_JUDGE_API_KEY, else $OPENAI_API_KEY), reward-model:DIR (a Hugging Face"
                + " reward model folder)."));
        // checked as it is typed: the editor's text is the spec, not only a committed value
        spec.getEditor().textProperty().addListener((obs, old, now) -> {
            if (!Objects.equals(now, judge.specProperty().get())) {
                judge.specProperty().set(now);
            }
        });
        spec.valueProperty().addListener((obs, old, now) -> {
            if (now != null && !Objects.equals(now, judge.specProperty().get())) {
                judge.specProperty().set(now);
            }
        });
        judge.specProperty().addListener((obs, old, now) -> {
            if (!Objects.equals(now, spec.getEditor().getText())) {
                spec.setValue(now);
                spec.getEditor().setText(now);
            }
        });
        spec.setValue(judge.specProperty().get());
        Button rewardModel = new Button("Reward model…");
        rewardModel.setId("choose-reward-model");
        rewardModel.setMinWidth(Region.USE_PREF_SIZE);
        rewardModel.setOnAction(e -> {
            DirectoryChooser chooser = new DirectoryChooser();
            chooser.setTitle("A Hugging Face reward model folder (config.json, model.safetensors, tokenizer.json)");
            File dir = chooser.showDialog(getScene().getWindow());
            if (dir != null) {
                judge.useRewardModel(dir.toPath());
            }
        });
        HBox specRow = new HBox(8, spec, rewardModel);
        HBox.setHgrow(spec, Priority.ALWAYS);
        specRow.setAlignment(Pos.CENTER_LEFT);
        Label specError = errorLabel("judge-error");
        specError.textProperty().bind(judge.errorProperty());
        judge.errorProperty().addListener((obs, old, now) -> {
            spec.getEditor().getStyleClass().remove("invalid");
            if (!now.isEmpty()) {
                spec.getEditor().getStyleClass().add("invalid");
            }
        });

        GridPane pair = new GridPane();
        pair.setHgap(12);
        pair.setVgap(6);
        ColumnConstraints labels = new ColumnConstraints(110);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        pair.getColumnConstraints().addAll(labels, fields);
        pair.addRow(0, new Label("Prompt"), textArea("judge-prompt", judge.promptProperty()));
        pair.addRow(1, new Label("Completion A"), textArea("judge-a", judge.completionAProperty()));
        pair.addRow(2, new Label("Completion B"), textArea("judge-b", judge.completionBProperty()));

        Button fromDataset = new Button("Take the dataset's first eval prompt");
        fromDataset.setId("judge-example-from-dataset");
        fromDataset.setOnAction(e -> judge.takeExampleFrom(dataset.get()));
        Button test = new Button("Test this judge");
        test.setId("test-judge");
        test.getStyleClass().add("accent");
        test.disableProperty().bind(judge.canTestProperty().not());
        test.setOnAction(e -> judge.test());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(judge.testingProperty());
        busy.managedProperty().bind(busy.visibleProperty());
        Label verdict = new Label();
        verdict.setId("judge-verdict");
        verdict.getStyleClass().add("section-title");
        verdict.textProperty().bind(judge.verdictProperty().map(v -> v.isEmpty() ? "" : "Verdict: " + v));
        for (Button b : new Button[] {fromDataset, test}) {
            b.setMinWidth(Region.USE_PREF_SIZE);
        }
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox actions = new HBox(8, fromDataset, grow, verdict, busy, test);
        actions.setAlignment(Pos.CENTER_LEFT);

        TextArea answer = new TextArea();
        answer.setId("judge-answer");
        answer.setEditable(false);
        answer.setWrapText(true);
        answer.setPrefRowCount(3);
        answer.textProperty().bind(judge.answerProperty());
        answer.visibleProperty().bind(judge.answerProperty().isNotEmpty());
        answer.managedProperty().bind(answer.visibleProperty());
        Label answerLabel = new Label("The judge's raw answer");
        answerLabel.getStyleClass().add("muted");
        answerLabel.visibleProperty().bind(answer.visibleProperty());
        answerLabel.managedProperty().bind(answer.visibleProperty());
        Label testError = errorLabel("judge-test-error");
        testError.textProperty().bind(judge.testErrorProperty());

        Label tryIt = new Label("Try the judge on an example pair before a run depends on it:");
        tryIt.getStyleClass().add("muted");
        getChildren().addAll(specRow, specError, tryIt, pair, actions, answerLabel, answer, testError);
    }

    private static Label errorLabel(String id) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("field-error");
        label.setWrapText(true);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    private static TextArea textArea(String id, javafx.beans.property.StringProperty text) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setWrapText(true);
        area.setPrefRowCount(2);
        area.textProperty().bindBidirectional(text);
        return area;
    }
}
