package org.ktoworkbench.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.app.layout.Page;
import org.ktoworkbench.app.modelfolder.RecentModelFolders;
import org.ktoworkbench.model.store.MetricPoint;
import org.ktoworkbench.model.store.RunInfo;
import org.ktoworkbench.model.store.RunStatus;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.RunConfigJson;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The test: a model folder picked on the run screen, and a run on it from the start button. */
class ModelFolderRunUiTest extends WorkbenchUiTest {
    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    void picksAModelFolderOnTheRunScreenAndStartsARunOnIt(FxRobot robot) throws Exception {
        Path model = TinyQwen.write(dir.resolve("tiny-qwen"));
        robot.interact(() -> shell.modelFolders().remember(model));
        robot.clickOn("#nav-run-setup");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.setup().datasetProperty().get() != null);

        // the folder from the recent list, clicked as a user would
        ListView<RecentModelFolders.Entry> recent = robot.lookup("#recent-model-folders").queryListView();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> recent.getItems().stream()
                .anyMatch(e -> e.folder().equals(model) && e.exists()));
        ListCell<?> cell = robot.lookup("#recent-model-folders .list-cell")
                .match((ListCell<?> c) -> model.toString().equals(c.getText())).query();
        robot.clickOn(cell);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(model, shell.setup().modelFolderProperty().get());
        assertTrue(robot.lookup("#model-folder-choice").queryAs(javafx.scene.control.RadioButton.class).isSelected());

        // the pretrained defaults reach the form
        RunConfig pretrained = RunConfig.pretrainedDefaults(model);
        assertEquals(pretrained.sftSteps(), shell.setup().sftSteps().value());
        assertEquals(pretrained.learningRate(), shell.setup().learningRate().value(), 1e-15);
        assertEquals(pretrained.batchSize(), shell.setup().batchSize().value());
        assertEquals("0", robot.lookup("#sft-steps").queryAs(TextField.class).getText());
        assertEquals("8", robot.lookup("#batch-size").queryAs(TextField.class).getText());
        assertTrue(robot.lookup("#setup-message").queryAs(Label.class).getText()
                .contains("SFT steps 0, learning rate 0.000005, warmup 10%, batch 8, eval prompts 0"));

        // the model card, read in the background
        // the card rebuilds its labels on the FX thread whenever batch or max length change: read all of one build there
        String[] ids = {"#model-card-architecture", "#model-card-context", "#model-card-chat-template", "#model-card-dtype"};
        String[] card = new String[ids.length];
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> {
            for (int i = 0; i < ids.length; i++) {
                var label = robot.lookup(ids[i]).tryQuery();
                if (label.isEmpty()) return false;
                card[i] = ((Label) label.get()).getText();
            }
            return true;
        }).get());
        assertEquals("Qwen2ForCausalLM (Hugging Face)", card[0]);
        assertEquals(TinyQwen.CONTEXT + " tokens", card[1]);
        assertEquals("yes", card[2]);
        assertEquals("BF16 (", card[3].substring(0, 6));

        // a short run: 2 KTO steps of batch 2 on rows of at most 64 tokens, no evaluation
        robot.interact(() -> {
            robot.lookup("#steps").queryAs(TextField.class).setText("2");
            robot.lookup("#batch-size").queryAs(TextField.class).setText("2");
            robot.lookup("#max-length-tokens").queryAs(TextField.class).setText("64");
            robot.lookup("#eval-every").queryAs(TextField.class).setText("0");
        });
        assertTrue(text(robot, "#model-card-KTO-memory").contains("for batch 2 x 64 tokens"),
                "the memory line follows the form: " + text(robot, "#model-card-KTO-memory"));
        assertTrue(shell.setup().problems().isEmpty(), shell.setup().problems().toString());
        robot.clickOn("#start-run");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> shell.navigation().current() == Page.MONITOR);
        WaitForAsyncUtils.waitFor(300, TimeUnit.SECONDS, () -> !shell.launcher().runningProperty().get());
        WaitForAsyncUtils.waitForFxEvents();

        List<RunInfo> runs = shell.workspace().runs().listRuns();
        assertEquals(1, runs.size(), "SFT steps 0: one KTO run, no SFT run");
        RunInfo run = runs.get(0);
        assertEquals("kto", run.kind());
        assertEquals(RunStatus.COMPLETED, run.status(), run.toString());
        RunConfig config = RunConfigJson.fromJson(run.configJson());
        assertEquals(model.toString(), config.model().folder());
        assertEquals(64, config.maxLength());
        assertEquals(2, config.batchSize());
        assertEquals(2, config.steps());
        assertEquals(pretrained.learningRate(), config.learningRate(), 1e-15);
        assertEquals(pretrained.warmupFraction(), config.warmupFraction(), 1e-15);
        assertTrue(shell.workspace().runs().modelSource(run.id()).isPresent(), "the folder's fingerprint is recorded");
        List<MetricPoint> loss = shell.workspace().runs().metrics(run.id()).stream()
                .filter(p -> p.name().equals("loss")).toList();
        assertEquals(List.of(1L, 2L), loss.stream().map(MetricPoint::step).toList());
        assertTrue(loss.stream().allMatch(p -> Double.isFinite(p.value())), loss.toString());
        assertEquals(2, shell.monitor().charts().charts().get(0).pointCount("loss"), "the monitor drew both steps");
        assertTrue(robot.lookup("#run-status").queryAs(Label.class).getText().contains("completed"),
                robot.lookup("#run-status").queryAs(Label.class).getText());
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }
}
