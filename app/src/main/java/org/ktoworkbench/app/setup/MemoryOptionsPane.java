package org.ktoworkbench.app.setup;

import javafx.geometry.Pos;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import org.ktoworkbench.app.control.NumberField;
import org.ktoworkbench.model.train.MixedPrecision;

/** The controls of {@link MemoryOptions}, with the live memory line under them. */
final class MemoryOptionsPane extends VBox {
    MemoryOptionsPane(MemoryOptions options) {
        super(10);
        CheckBox lora = new CheckBox("Train a LoRA adapter (a Hugging Face model folder; the reference is the base with"
                + " the adapter off)");
        lora.setId("lora-enabled");
        lora.selectedProperty().bindBidirectional(options.loraProperty());
        TextField targets = new TextField();
        targets.setId("lora-targets");
        targets.setPromptText("PEFT's default for the architecture");
        targets.setTooltip(new Tooltip("Module names as PEFT uses them, comma-separated: q_proj,k_proj,v_proj,o_proj,"
                + "gate_proj,up_proj,down_proj (Llama, Qwen, Mistral); c_attn,c_proj,c_fc (GPT-2);"
                + " query_key_value,dense,dense_h_to_4h,dense_4h_to_h (GPT-NeoX)"));
        targets.textProperty().bindBidirectional(options.loraTargetsProperty());
        GridPane loraGrid = new GridPane();
        loraGrid.setHgap(10);
        loraGrid.setVgap(6);
        loraGrid.addRow(0, new Label("Rank"), new NumberField(options.loraRank(), "lora-rank"),
                new Label("Alpha"), new NumberField(options.loraAlpha(), "lora-alpha"));
        loraGrid.addRow(1, new Label("Dropout"), new NumberField(options.loraDropout(), "lora-dropout"),
                new Label("Targets"), targets);
        loraGrid.visibleProperty().bind(options.loraProperty());
        loraGrid.managedProperty().bind(loraGrid.visibleProperty());

        CheckBox checkpointing = new CheckBox("Gradient checkpointing (recompute each block in backward: less memory,"
                + " more time)");
        checkpointing.setId("gradient-checkpointing");
        checkpointing.selectedProperty().bindBidirectional(options.gradientCheckpointingProperty());
        CheckBox precompute = new CheckBox("Precompute the reference log-probs, then free the reference model");
        precompute.setId("precompute-reference");
        precompute.selectedProperty().bindBidirectional(options.precomputeReferenceProperty());

        ComboBox<String> device = new ComboBox<>();
        device.setId("device");
        device.setEditable(true);
        device.getItems().setAll("cpu", "gpu:0", "gpu:1");
        device.valueProperty().bindBidirectional(options.deviceProperty());
        device.setTooltip(new Tooltip("Every array of the run on this device; a GPU this machine lacks is refused"));
        ComboBox<String> precision = new ComboBox<>();
        precision.setId("mixed-precision");
        precision.getItems().setAll(MixedPrecision.NONE.jsonName(), MixedPrecision.FP16.jsonName());
        precision.valueProperty().bindBidirectional(options.mixedPrecisionProperty());
        precision.setTooltip(new Tooltip("fp16: matrix products in float16 over float32 master weights, with dynamic"
                + " loss scaling (an overflowing step is skipped and the scale halved); for GPUs, slower on a CPU"));
        HBox deviceRow = new HBox(10, new Label("Device"), device, new Label("Precision"), precision);
        deviceRow.setAlignment(Pos.CENTER_LEFT);

        Label estimate = new Label();
        estimate.setId("memory-estimate");
        estimate.setWrapText(true);
        estimate.textProperty().bind(options.estimateProperty());
        options.fitsProperty().addListener((obs, old, now) -> styleFit(estimate, now));
        styleFit(estimate, options.fitsProperty().get());
        getChildren().addAll(lora, loraGrid, checkpointing, precompute, deviceRow, estimate);
    }

    private static void styleFit(Label estimate, boolean fits) {
        estimate.getStyleClass().removeAll("hint-ok", "hint-warn");
        estimate.getStyleClass().add(fits ? "hint-ok" : "hint-warn");
    }
}
