package org.ktoworkbench.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.app.setup.JudgeChoice;
import org.ktoworkbench.model.eval.Judges;
import org.ktoworkbench.model.eval.openai.JudgeServer;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Run setup's judge: a spec typed in is checked as it is typed, and "Test this judge" asks it about an example pair. */
class JudgeTestUiTest extends WorkbenchUiTest {
    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    private JudgeChoice judge() {
        return shell.setup().judgeChoice();
    }

    private void typeSpec(FxRobot robot, String text) {
        scrollTo(robot, "#judge");
        ComboBox<?> combo = robot.lookup("#judge").query();
        robot.clickOn(combo.getEditor());
        robot.press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL);
        robot.type(KeyCode.BACK_SPACE);
        robot.write(text);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void setPair(FxRobot robot, String prompt, String a, String b) {
        robot.interact(() -> {
            robot.lookup("#judge-prompt").queryAs(TextArea.class).setText(prompt);
            robot.lookup("#judge-a").queryAs(TextArea.class).setText(a);
            robot.lookup("#judge-b").queryAs(TextArea.class).setText(b);
        });
    }

    @Test
    void theBuiltInJudgeRatesTheDatasetsFirstEvalPromptsPair(FxRobot robot) throws Exception {
        robot.clickOn("#nav-run-setup");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.setup().datasetProperty().get() != null);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !judge().promptProperty().get().isBlank());
        assertEquals(Judges.ARITHMETIC, judge().specProperty().get());
        assertFalse(judge().completionBProperty().get().isBlank(), "an undesirable completion of the same prompt as B");
        scrollTo(robot, "#test-judge");
        robot.clickOn("#test-judge");
        Label verdict = robot.lookup("#judge-verdict").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !verdict.getText().isEmpty());
        assertEquals("Verdict: A is better", verdict.getText(), "the desirable completion wins");
        assertFalse(robot.lookup("#judge-answer").query().isVisible(), "a judge that computes has no raw answer");
    }

    @Test
    void aTypedOpenAiSpecIsCheckedAsTypedAndTestingItShowsTheVerdictAndRawAnswer(FxRobot robot) throws Exception {
        robot.clickOn("#nav-run-setup");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.setup().datasetProperty().get() != null);
        Button test = robot.lookup("#test-judge").queryButton();
        Label error = robot.lookup("#judge-error").query();

        String malformed = "openai:ftp://127.0.0.1/v1";
        typeSpec(robot, malformed);
        assertEquals(malformed, judge().specProperty().get(), "the typed text is the spec, no Enter needed");
        assertEquals(Judges.unknown(malformed), error.getText());
        assertTrue(error.isVisible());
        assertTrue(error.getText().contains("the URL must start with http:// or https://"), error.getText());
        assertTrue(test.isDisabled(), "a malformed spec cannot be tested");
        assertTrue(shell.setup().problems().stream().anyMatch(p -> p.contains("the URL must start with http://")),
                "nor started: " + shell.setup().problems());

        try (JudgeServer server = JudgeServer.start(request -> {
            String m = request.userMessage();
            boolean goodFirst = m.substring(m.indexOf("Response A:\n"), m.indexOf("END OF RESPONSE A")).contains("GOOD");
            return JudgeServer.Reply.says(goodFirst ? "A" : "B");
        })) {
            typeSpec(robot, "openai:" + server.baseUrl() + "#tiny-judge");
            assertEquals("", error.getText());
            assertFalse(error.isVisible());
            setPair(robot, "How do I boil an egg?", "GOOD: simmer it for eight minutes.", "Fry it in the shell.");
            assertFalse(test.isDisabled());
            robot.clickOn("#test-judge");
            Label verdict = robot.lookup("#judge-verdict").query();
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !verdict.getText().isEmpty()
                    || !judge().testErrorProperty().get().isEmpty());
            // the verdict and the raw answer are set one after the other on the FX thread; the test ends after both
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !judge().testingProperty().get());
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals("", judge().testErrorProperty().get());
            assertEquals("Verdict: A is better", verdict.getText());
            assertEquals(2, server.requestCount(), "asked in both orders");
            assertTrue(server.requests().stream().allMatch(r -> r.body().path("model").asText().equals("tiny-judge")));
            TextArea answer = robot.lookup("#judge-answer").query();
            assertTrue(answer.isVisible() && !answer.getText().isBlank(), "the raw answer is shown: " + answer.getText());
        }

        try (JudgeServer refusing = JudgeServer.start(request -> new JudgeServer.Reply(401, "{\"error\":\"invalid key\"}"))) {
            typeSpec(robot, "openai:" + refusing.baseUrl());
            robot.clickOn("#test-judge");
            Label failure = robot.lookup("#judge-test-error").query();
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !failure.getText().isEmpty());
            assertTrue(failure.getText().startsWith("The judge failed: ") && failure.getText().contains("HTTP 401"),
                    failure.getText());
            assertEquals("", robot.lookup("#judge-verdict").queryAs(Label.class).getText());
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !test.isDisabled());
        }
    }
}
