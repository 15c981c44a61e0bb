package org.ktoworkbench.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;

import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.train.MemoryEstimate;
import org.ktoworkbench.model.train.MixedPrecision;
import org.ktoworkbench.model.train.RunConfig;
import org.ktoworkbench.model.train.Trainer;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Run setup's memory line follows the memory options as they change: the estimate {@code train} refuses runs by. */
class MemoryOptionsUiTest extends WorkbenchUiTest {
    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    private String estimateText(FxRobot robot) {
        return robot.lookup("#memory-estimate").queryAs(Label.class).getText();
    }

    private String expectedTotal() {
        RunConfig config = shell.setup().toConfig();
        return MemoryEstimate.format(new Trainer(shell.workspace()).memoryEstimate(config, null).totalBytes());
    }

    @Test
    void gradientCheckpointingLowersTheLiveEstimateAndLoraOnTheBuiltInGptIsExplained(FxRobot robot) throws Exception {
        robot.clickOn("#nav-run-setup");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.setup().datasetProperty().get() != null);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> estimateText(robot).startsWith("Memory at the"));
        String plain = expectedTotal();
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> estimateText(robot).contains("about " + plain + " ("));
        assertTrue(estimateText(robot).endsWith("fits"), estimateText(robot));

        scrollTo(robot, "#gradient-checkpointing");
        robot.clickOn("#gradient-checkpointing");
        assertTrue(shell.setup().toConfig().gradientCheckpointing());
        String checkpointed = expectedTotal();
        assertFalse(checkpointed.equals(plain), "checkpointing changes the estimate: " + plain);
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> estimateText(robot).contains("about " + checkpointed + " ("));
        assertTrue(estimateText(robot).contains("recomputed"), estimateText(robot));

        robot.clickOn("#lora-enabled");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> estimateText(robot).contains("needs a Hugging Face model folder"));
        assertFalse(shell.setup().memory().fitsProperty().get());
        assertTrue(shell.setup().toConfig().lora() != null);
        robot.clickOn("#lora-enabled");
        assertTrue(shell.setup().toConfig().lora() == null, "LoRA off removes the adapter from the config");
    }

    @Test
    void thePrecisionChoiceGoesIntoTheRunConfigAndALoadedConfigShowsIt(FxRobot robot) throws Exception {
        robot.clickOn("#nav-run-setup");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> shell.setup().datasetProperty().get() != null);
        ComboBox<String> precision = robot.lookup("#mixed-precision").queryComboBox();
        assertEquals(List.of("none", "fp16"), List.copyOf(precision.getItems()));
        assertEquals("none", shell.setup().toConfig().mixedPrecision());
        robot.interact(() -> precision.setValue("fp16"));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(MixedPrecision.FP16, shell.setup().toConfig().precision());

        RunConfig loaded = shell.setup().toConfig();
        robot.interact(() -> precision.setValue("none"));
        robot.interact(() -> shell.setup().apply(loaded));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("fp16", precision.getValue(), "a config's precision is shown");
    }
}
