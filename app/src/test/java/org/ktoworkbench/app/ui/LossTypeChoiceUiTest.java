package org.ktoworkbench.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import javafx.scene.control.ComboBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.ktoworkbench.model.kto.LossType;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** The run screen's loss type choice offers DPO and SFT+ and says what APO_ZERO_UNPAIRED is. */
class LossTypeChoiceUiTest extends WorkbenchUiTest {
    @Start
    void start(Stage stage) throws Exception {
        open(stage);
    }

    @Test
    void lossTypesListDpoAndNameApoAsKtoWithoutItsReferencePoint(FxRobot robot) {
        robot.clickOn("#nav-run-setup");
        ComboBox<LossType> loss = robot.lookup("#loss-type").queryComboBox();
        assertEquals(List.of(LossType.KTO, LossType.APO_ZERO_UNPAIRED, LossType.DPO, LossType.SFT),
                List.copyOf(loss.getItems()));

        robot.interact(() -> loss.setValue(LossType.APO_ZERO_UNPAIRED));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("APO-zero unpaired (KTO without its reference point)", loss.getButtonCell().getText());
        assertEquals(LossType.APO_ZERO_UNPAIRED, shell.setup().lossTypeProperty().get());

        robot.interact(() -> loss.setValue(LossType.DPO));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("DPO (preference pairs, sigmoid loss)", loss.getButtonCell().getText());
        assertTrue(loss.getTooltip().getText().contains("KTO without its reference point"), loss.getTooltip().getText());

        robot.interact(() -> loss.setValue(LossType.SFT));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("SFT+ (fine-tuning on the desirable rows only)", loss.getButtonCell().getText());
    }
}
