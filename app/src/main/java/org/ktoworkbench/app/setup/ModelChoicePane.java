package org.ktoworkbench.app.setup;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.geometry.VPos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.ktoworkbench.app.control.NumberField;
import org.ktoworkbench.app.modelfolder.ModelFolderChooser;
import org.ktoworkbench.app.modelfolder.RecentModelFolders;
import org.ktoworkbench.model.train.ModelCard;
import org.ktoworkbench.model.train.RunConfig;

/**
 * The run screen's model: a fresh built-in GPT of a size, or a pretrained model folder (chosen in a dialog or from the
 * recent list), the max length, and the chosen folder's card (what {@code inspect-model} prints).
 */
final class ModelChoicePane extends HBox {
    private final RunSetupViewModel viewModel;
    private final RadioButton builtIn = new RadioButton("Built-in GPT");
    private final RadioButton folder = new RadioButton("Model folder");

    ModelChoicePane(RunSetupViewModel viewModel) {
        super(24);
        this.viewModel = viewModel;
        VBox choice = new VBox(8, choiceGrid(), recentList(), maxLengthRow(), defaultsNote());
        // the choice keeps its width; the card's long lines wrap in what is left
        choice.setPrefWidth(540);
        choice.setMinWidth(Region.USE_PREF_SIZE);
        VBox card = modelCard();
        card.setMinWidth(0);
        HBox.setHgrow(card, Priority.ALWAYS);
        getChildren().addAll(choice, card);
    }

    private GridPane choiceGrid() {
        ToggleGroup group = new ToggleGroup();
        builtIn.setToggleGroup(group);
        builtIn.setId("model-builtin");
        folder.setToggleGroup(group);
        folder.setId("model-folder-choice");
        builtIn.setOnAction(e -> viewModel.useBuiltIn());
        // a folder is chosen in the dialog or the list; the button only brings the last one back
        folder.setOnAction(e -> {
            if (viewModel.modelFolderProperty().get() == null) {
                if (viewModel.recentFolders().entries().stream().anyMatch(RecentModelFolders.Entry::exists)) {
                    viewModel.chooseRecent(viewModel.recentFolders().entries().stream()
                            .filter(RecentModelFolders.Entry::exists).findFirst().orElseThrow());
                } else {
                    chooseInDialog();
                }
            }
            syncToggles();
        });
        viewModel.modelFolderProperty().addListener((obs, old, now) -> syncToggles());
        syncToggles();

        ComboBox<ModelSize> size = new ComboBox<>();
        size.setId("model-size");
        size.getItems().setAll(ModelSize.presets());
        size.valueProperty().bindBidirectional(viewModel.modelSizeProperty());
        size.disableProperty().bind(viewModel.modelFolderProperty().isNotNull());

        Label path = new Label();
        path.setId("model-folder-path");
        path.setWrapText(true);
        path.textProperty().bind(Bindings.createStringBinding(() -> viewModel.modelFolderProperty().get() == null
                ? "none chosen" : viewModel.modelFolderProperty().get().toString(), viewModel.modelFolderProperty()));
        path.getStyleClass().add("model-folder-path");
        Button choose = new Button("Choose folder…");
        choose.setId("choose-model-folder");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.setOnAction(e -> chooseInDialog());
        HBox folderRow = new HBox(8, choose, path);
        folderRow.setAlignment(Pos.CENTER_LEFT);

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        grid.getColumnConstraints().addAll(new ColumnConstraints(110), new ColumnConstraints());
        grid.getColumnConstraints().get(1).setHgrow(Priority.ALWAYS);
        grid.addRow(0, builtIn, size);
        grid.addRow(1, folder, folderRow);
        // a base run fixes the model: its own
        grid.disableProperty().bind(viewModel.baseRunProperty().isNotNull());
        return grid;
    }

    private void chooseInDialog() {
        ModelFolderChooser.show(getScene().getWindow(), viewModel.modelFolderProperty().get())
                .ifPresent(viewModel::chooseFolder);
    }

    private void syncToggles() {
        (viewModel.modelFolderProperty().get() == null ? builtIn : folder).setSelected(true);
    }

    private VBox recentList() {
        Label title = new Label("Recent model folders (click to use)");
        title.getStyleClass().add("muted");
        ListView<RecentModelFolders.Entry> list = new ListView<>(viewModel.recentFolders().entries());
        list.setId("recent-model-folders");
        list.setPrefHeight(96);
        list.setPlaceholder(new Label("None yet: choose a folder"));
        list.setCellFactory(v -> new ListCell<>() {
            {
                setOnMouseClicked(e -> {
                    if (!isEmpty() && getItem() != null) {
                        viewModel.chooseRecent(getItem());
                    }
                });
            }

            @Override
            protected void updateItem(RecentModelFolders.Entry item, boolean empty) {
                super.updateItem(item, empty);
                getStyleClass().remove("missing-folder");
                setText(empty || item == null ? null : item.toString());
                if (!empty && item != null && !item.exists()) {
                    getStyleClass().add("missing-folder");
                }
            }
        });
        list.disableProperty().bind(viewModel.baseRunProperty().isNotNull());
        return new VBox(4, title, list);
    }

    private HBox maxLengthRow() {
        Label label = new Label(viewModel.maxLength().label());
        label.setMinWidth(110);
        NumberField field = new NumberField(viewModel.maxLength(), "max-length-tokens");
        field.setMinWidth(Region.USE_PREF_SIZE);
        Label hint = new Label("tokens; 0 or empty: " + RunConfig.PRETRAINED_MAX_LENGTH
                + " for a model folder, the context for the built-in GPT");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        hint.setMinWidth(0);
        HBox.setHgrow(hint, Priority.ALWAYS);
        HBox row = new HBox(12, label, field, hint);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private Label defaultsNote() {
        Label note = new Label("Choosing a model folder applies the defaults for a pretrained model: "
                + RunSetupViewModel.pretrainedDefaultsNote() + ".");
        note.setId("model-defaults-note");
        note.setWrapText(true);
        note.getStyleClass().add("muted");
        return note;
    }

    private VBox modelCard() {
        Label title = new Label("Model card");
        title.getStyleClass().add("section-title");
        GridPane facts = new GridPane();
        facts.setId("model-card");
        facts.setHgap(12);
        facts.setVgap(4);
        facts.getColumnConstraints().addAll(new ColumnConstraints(120), new ColumnConstraints());
        facts.getColumnConstraints().get(1).setHgrow(Priority.ALWAYS);
        Label status = new Label();
        status.setId("model-card-status");
        status.setWrapText(true);
        ModelCardViewModel card = viewModel.modelCard();
        Runnable show = () -> {
            facts.getChildren().clear();
            status.getStyleClass().removeAll("muted", "hint-warn");
            ModelCard now = card.cardProperty().get();
            if (viewModel.modelFolderProperty().get() == null) {
                status.setText("A fresh built-in GPT of the size chosen on the left, trained with SFT first.");
                status.getStyleClass().add("muted");
            } else if (card.readingProperty().get()) {
                status.setText("Reading the model folder (config.json, safetensors headers, tokenizer)…");
                status.getStyleClass().add("muted");
            } else if (!card.errorProperty().get().isEmpty()) {
                status.setText(card.errorProperty().get());
                status.getStyleClass().add("hint-warn");
            } else if (now != null) {
                status.setText(now.fits() ? "" : "The estimate does not fit in the memory available: use a smaller"
                        + " batch or max length.");
                status.getStyleClass().add("hint-warn");
                int row = 0;
                for (ModelCard.Line line : now.lines()) {
                    Label name = new Label(line.label());
                    name.getStyleClass().add("muted");
                    GridPane.setValignment(name, VPos.TOP);
                    Label value = new Label(line.value());
                    value.setWrapText(true);
                    value.setId("model-card-" + line.label().replace(' ', '-'));
                    facts.addRow(row++, name, value);
                }
            }
            status.setVisible(!status.getText().isEmpty());
            status.setManaged(status.isVisible());
        };
        card.cardProperty().addListener((obs, old, now) -> show.run());
        card.errorProperty().addListener((obs, old, now) -> show.run());
        card.readingProperty().addListener((obs, old, now) -> show.run());
        viewModel.modelFolderProperty().addListener((obs, old, now) -> show.run());
        show.run();
        return new VBox(8, title, status, facts);
    }
}
