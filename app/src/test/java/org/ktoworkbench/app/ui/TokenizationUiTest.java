package org.ktoworkbench.app.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuButton;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.app.datasets.ExampleRow;
import org.ktoworkbench.app.datasets.RowTokens;
import org.ktoworkbench.app.workspace.SampleDatasetImport;
import org.ktoworkbench.model.data.Example;
import org.ktoworkbench.model.data.RowText;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.text.HfTokenizer;
import org.ktoworkbench.model.text.KtoTokenization;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The datasets page's tokens tab on Qwen2.5's real tokenizer: the ids and counts it shows are the ones TRL's
 * tokenization ({@link KtoTokenization}) gives, for a conversational row (chat template) and a plain one, cut and
 * dropped at a short max length.
 */
class TokenizationUiTest extends WorkbenchUiTest {
    private static final Path CONVERSATIONAL = Path.of("../sample-data/conversational-sample.jsonl");

    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    void showsTheSelectedRowsTokensAsTrainingTokenizesThem(FxRobot robot) throws Exception {
        Path model = TinyQwen.write(dir.resolve("tiny-qwen-tokens"));
        ListView<DatasetInfo> datasets = robot.lookup("#dataset-list").queryListView();
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !datasets.getItems().isEmpty());
        robot.interact(() -> shell.datasets().importFile(CONVERSATIONAL));
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !shell.datasets().importState().runningProperty().get());
        assertTrue(shell.datasets().importState().errors().isEmpty(), shell.datasets().importState().errorTitleProperty().get()
                + " " + shell.datasets().importState().errors());
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.datasets().selectedDatasetProperty().get() != null
                && shell.datasets().selectedDatasetProperty().get().name().equals("conversational-sample")
                && shell.datasets().totalRows() > 0);

        // the folder from the tab's recent menu
        robot.interact(() -> shell.modelFolders().remember(model));
        robot.clickOn("Tokens");
        MenuButton recent = robot.lookup("#tokens-recent-folders").queryAs(MenuButton.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> recent.getItems().stream()
                .anyMatch(i -> model.toString().equals(i.getText()) && !i.isDisable()));
        robot.interact(() -> recent.getItems().stream().filter(i -> model.toString().equals(i.getText()))
                .findFirst().orElseThrow().fire());
        assertEquals(model.toString(), text(robot, "#tokens-folder"));

        TableView<ExampleRow> table = robot.lookup("#examples-table").queryTableView();
        robot.interact(() -> table.getSelectionModel().select(0));
        Example chat = table.getItems().get(0).example();
        assertTrue(chat.conversational());
        RowTokens shown = awaitTokens(robot);

        try (HfTokenizer tokenizer = HfTokenizer.open(model)) {
            // the default max length: 1024, capped at the context + 1
            KtoTokenization.Row expected = kto(tokenizer, chat, TinyQwen.CONTEXT + 1).rows().get(0);
            assertEquals(TinyQwen.CONTEXT + 1, shown.maxLength());
            assertTokens(robot, expected.promptIds(), expected.completionIds(), shown);
            VBox turns = robot.lookup("#tokens-turns").queryAs(VBox.class);
            int messages = RowText.messages(chat.promptMessages()).size() + RowText.messages(chat.completionMessages()).size();
            assertEquals(messages, turns.getChildren().size() - 1, "one line per message under the title");
            assertTrue(robot.lookup("#tokens-turns .turn-role").queryAs(Label.class).getText().endsWith(":"));

            // one token past the prompt: the completion keeps one token, the rest is cut
            int prompt = expected.promptIds().length;
            TextField maxLength = robot.lookup("#tokens-max-length").queryAs(TextField.class);
            robot.interact(() -> maxLength.setText(Integer.toString(prompt + 1)));
            shown = awaitTokens(robot);
            KtoTokenization.Row cut = kto(tokenizer, chat, prompt + 1).rows().get(0);
            assertTokens(robot, cut.promptIds(), cut.completionIds(), shown);
            assertEquals(1, shown.completion().size());
            assertEquals(cut.cut(), shown.completionCut());
            assertTrue(cut.cut() > 0);
            assertTrue(text(robot, "#tokens-completion-cut").startsWith(cut.cut() + " more cut"),
                    text(robot, "#tokens-completion-cut"));

            // the prompt alone fills the max length: training drops the row
            robot.interact(() -> maxLength.setText(Integer.toString(prompt)));
            shown = awaitTokens(robot);
            assertEquals(List.of(0), kto(tokenizer, chat, prompt).dropped());
            assertTrue(text(robot, "#tokens-dropped").startsWith("Dropped in training: prompt fills max length " + prompt),
                    text(robot, "#tokens-dropped"));
            assertEquals(prompt, shown.prompt().size(), "a dropped row shows its tokens uncut");

            // a plain-text row of the sample dataset, at the default max length again
            robot.interact(() -> maxLength.setText(""));
            robot.interact(() -> shell.datasets().selectedDatasetProperty().set(datasets.getItems().stream()
                    .filter(d -> d.name().equals(SampleDatasetImport.DATASET_NAME)).findFirst().orElseThrow()));
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !table.getItems().isEmpty()
                    && !table.getItems().get(0).example().conversational());
            robot.interact(() -> table.getSelectionModel().select(3));
            Example plain = table.getItems().get(3).example();
            shown = awaitTokens(robot);
            KtoTokenization.Row row = kto(tokenizer, plain, TinyQwen.CONTEXT + 1).rows().get(0);
            assertTokens(robot, row.promptIds(), row.completionIds(), shown);
            assertTrue(robot.lookup("#tokens-turns").tryQuery().isEmpty(), "a plain row has no turns");
            assertNull(shown.dropped());
            assertEquals(tokenizer.decode(row.completionIds(), false),
                    shown.completion().stream().map(RowTokens.Token::text).reduce("", String::concat));
        }
    }

    private static KtoTokenization.Result kto(HfTokenizer tokenizer, Example example, int maxLength) {
        return KtoTokenization.of(tokenizer, maxLength).tokenize(List.of(RowText.of(example)));
    }

    private RowTokens awaitTokens(FxRobot robot) throws Exception {
        WaitForAsyncUtils.waitForFxEvents();
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> shell.tokens().tokensProperty().get() != null);
        WaitForAsyncUtils.waitForFxEvents();
        return shell.tokens().tokensProperty().get();
    }

    private static void assertTokens(FxRobot robot, int[] prompt, int[] completion, RowTokens shown) {
        assertArrayEquals(prompt, shown.prompt().stream().mapToInt(RowTokens.Token::id).toArray());
        assertArrayEquals(completion, shown.completion().stream().mapToInt(RowTokens.Token::id).toArray());
        assertEquals("Prompt · " + prompt.length + " tokens", text(robot, "#tokens-prompt-count"));
        assertEquals("Completion · " + completion.length + " tokens", text(robot, "#tokens-completion-count"));
        assertEquals(prompt.length, robot.lookup("#tokens-prompt").queryAs(FlowPane.class).getChildren().size());
        assertEquals(completion.length, robot.lookup("#tokens-completion").queryAs(FlowPane.class).getChildren().size());
    }

    private static String text(FxRobot robot, String id) {
        return robot.lookup(id).queryAs(Label.class).getText();
    }
}
