package org.ktoworkbench.app.setup;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import org.ktoworkbench.app.control.NumberField;
import org.ktoworkbench.app.control.NumberParameter;
import org.ktoworkbench.app.control.TextCells;
import org.ktoworkbench.app.layout.WhenShown;
import org.ktoworkbench.model.kto.LossType;
import org.ktoworkbench.model.store.DatasetInfo;
import org.ktoworkbench.model.store.RunInfo;

/**
 * Run setup: the model, the KTO hyperparameters with the live λ balance, training settings, the judge (tried on an
 * example pair), config file and start.
 */
public final class RunSetupPage extends VBox {
    private final RunSetupViewModel viewModel;

    public RunSetupPage(RunSetupViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("page");
        setId("run-setup-page");
        HBox columns = new HBox(16, objectiveCard(), trainingCard());
        VBox model = card("Model", new ModelChoicePane(viewModel));
        VBox judge = card("Judge (winrate at eval points)", new JudgePane(viewModel.judgeChoice(),
                () -> viewModel.datasetProperty().get() == null ? null : viewModel.datasetProperty().get().name()));
        judge.setId("judge-card");
        VBox memory = card("Memory and device", new MemoryOptionsPane(viewModel.memory()));
        memory.setId("memory-card");
        VBox content = new VBox(12, model, columns, memory, judge, problemsCard());
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(header(), scroll, actions());
        viewModel.reloadDatasets();
        // each visit lists the runs that can be a base, those made elsewhere (the CLI) too
        WhenShown.run(this, viewModel::reloadBaseRuns);
    }

    public RunSetupViewModel viewModel() {
        return viewModel;
    }

    private HBox header() {
        Label title = new Label("Run setup");
        title.getStyleClass().add("page-title");
        ComboBox<DatasetInfo> dataset = new ComboBox<>(viewModel.datasets());
        dataset.setId("setup-dataset");
        dataset.valueProperty().bindBidirectional(viewModel.datasetProperty());
        TextCells.use(dataset, d -> d == null ? null
                : String.format("%s  (%,d desirable / %,d undesirable)", d.name(), d.desirable(), d.undesirable()));
        TextField name = new TextField();
        name.setId("run-name");
        name.setPromptText("Run name (optional)");
        name.textProperty().bindBidirectional(viewModel.runNameProperty());
        HBox box = new HBox(12, title, new Label("Dataset"), dataset, name);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private VBox objectiveCard() {
        GridPane grid = grid();
        int row = 0;
        row = addRow(grid, row, viewModel.beta(), new NumberField(viewModel.beta(), "beta", 0.01, 1));
        row = addRow(grid, row, viewModel.lambdaD(), new NumberField(viewModel.lambdaD(), "lambda-d", 0.1, 4));
        row = addRow(grid, row, viewModel.lambdaU(), new NumberField(viewModel.lambdaU(), "lambda-u", 0.1, 4));
        ComboBox<LossType> loss = new ComboBox<>();
        loss.setId("loss-type");
        loss.getItems().setAll(LossType.values());
        TextCells.use(loss, type -> type == null ? null : type.label());
        loss.setTooltip(new javafx.scene.control.Tooltip("KTO: the paper's loss. APO-zero unpaired: KTO without its"
                + " reference point z0. DPO: TRL's sigmoid loss on the dataset's preference pairs (rows sharing a pair_id)."));
        loss.valueProperty().bindBidirectional(viewModel.lossTypeProperty());
        grid.add(new Label("Loss type"), 0, row);
        grid.add(loss, 1, row);

        Label hint = new Label();
        hint.setId("balance-hint");
        hint.setWrapText(true);
        Button fix = new Button("Fix λD");
        fix.setId("fix-lambda-d");
        fix.setOnAction(e -> viewModel.fixLambdaD());
        viewModel.balanceProperty().addListener((obs, old, now) -> showBalance(hint, fix, now));
        showBalance(hint, fix, viewModel.balanceProperty().get());
        HBox balance = new HBox(10, hint, fix);
        HBox.setHgrow(hint, Priority.ALWAYS);
        balance.setAlignment(Pos.CENTER_LEFT);
        return card("KTO objective", grid, balance);
    }

    private static void showBalance(Label hint, Button fix, BalanceHint balance) {
        hint.getStyleClass().removeAll("hint-ok", "hint-warn");
        if (balance == null) {
            hint.setText("Choose a dataset to see the λ balance.");
            fix.setDisable(true);
            return;
        }
        hint.setText(balance.describe());
        boolean ok = balance.status() == BalanceHint.Status.IN_RANGE;
        hint.getStyleClass().add(ok ? "hint-ok" : "hint-warn");
        fix.setDisable(ok || balance.status() == BalanceHint.Status.UNDEFINED);
    }

    private VBox trainingCard() {
        GridPane grid = grid();
        int row = 0;
        row = addRow(grid, row, viewModel.learningRate(), new NumberField(viewModel.learningRate(), "learning-rate"));
        row = addRow(grid, row, viewModel.batchSize(), new NumberField(viewModel.batchSize(), "batch-size"));
        row = addRow(grid, row, viewModel.steps(), new NumberField(viewModel.steps(), "steps"));
        row = addRow(grid, row, viewModel.evalEvery(), new NumberField(viewModel.evalEvery(), "eval-every"));
        ComboBox<RunInfo> from = baseRunChoice();
        grid.add(new Label("Start from"), 0, row);
        grid.add(from, 1, row++);
        NumberField sftSteps = new NumberField(viewModel.sftSteps(), "sft-steps");
        sftSteps.disableProperty().bind(viewModel.baseRunProperty().isNotNull());
        row = addRow(grid, row, viewModel.sftSteps(), sftSteps);
        addRow(grid, row, viewModel.seed(), new NumberField(viewModel.seed(), "seed"));
        return card("Training", grid);
    }

    /** The model chosen above or a completed run's model; a base fixes the model and skips SFT. */
    private ComboBox<RunInfo> baseRunChoice() {
        ComboBox<RunInfo> from = new ComboBox<>();
        from.setId("base-run");
        Runnable refill = () -> {
            List<RunInfo> items = new ArrayList<>();
            items.add(null);
            items.addAll(viewModel.baseRuns());
            from.getItems().setAll(items);
            from.setValue(viewModel.baseRunProperty().get());
        };
        viewModel.baseRuns().addListener((ListChangeListener<RunInfo>) change -> refill.run());
        refill.run();
        from.valueProperty().bindBidirectional(viewModel.baseRunProperty());
        TextCells.use(from, run -> run == null ? "The model above"
                : "#" + run.id() + " " + run.name() + " (" + run.kind() + ")");
        return from;
    }

    private VBox problemsCard() {
        ListView<String> list = new ListView<>(viewModel.problems());
        list.setId("setup-problems");
        list.setPrefHeight(90);
        VBox card = card("Cannot start yet", list);
        card.getStyleClass().add("error-list");
        card.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(viewModel.problems()));
        card.managedProperty().bind(card.visibleProperty());
        return card;
    }

    private HBox actions() {
        Button load = new Button("Load config…");
        load.setId("load-config");
        load.setOnAction(e -> {
            File file = configChooser().showOpenDialog(getScene().getWindow());
            if (file != null) {
                viewModel.load(file.toPath());
            }
        });
        Button save = new Button("Save config…");
        save.setId("save-config");
        save.setOnAction(e -> {
            File file = configChooser().showSaveDialog(getScene().getWindow());
            if (file != null) {
                viewModel.save(file.toPath());
            }
        });
        Label message = new Label();
        message.setId("setup-message");
        message.getStyleClass().add("muted");
        message.textProperty().bind(viewModel.messageProperty());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Button start = new Button("Start run");
        start.setId("start-run");
        start.getStyleClass().add("accent");
        start.disableProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(viewModel.problems()));
        start.setOnAction(e -> viewModel.start());
        // a long message is cut, never the buttons
        for (Button button : List.of(load, save, start)) {
            button.setMinWidth(Region.USE_PREF_SIZE);
        }
        message.setMinWidth(0);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(message.textProperty());
        message.setTooltip(whole);
        HBox box = new HBox(8, load, save, message, grow, start);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private static FileChooser configChooser() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Run config (the JSON the CLI's train --config reads)");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Run config", "*.json"));
        chooser.setInitialFileName("run-config.json");
        return chooser;
    }

    private static GridPane grid() {
        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(8);
        ColumnConstraints labels = new ColumnConstraints(110);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(labels, fields);
        return grid;
    }

    private static int addRow(GridPane grid, int row, NumberParameter parameter, NumberField field) {
        grid.add(new Label(parameter.label()), 0, row);
        grid.add(field, 1, row);
        return row + 1;
    }

    private static VBox card(String title, Node... content) {
        Label heading = new Label(title);
        heading.getStyleClass().add("section-title");
        VBox card = new VBox(10, heading);
        card.getChildren().addAll(content);
        card.getStyleClass().add("card");
        HBox.setHgrow(card, Priority.ALWAYS);
        card.setPrefWidth(520);
        return card;
    }
}
