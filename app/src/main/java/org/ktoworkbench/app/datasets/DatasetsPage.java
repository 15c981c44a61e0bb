package org.ktoworkbench.app.datasets;

import java.io.File;

import javafx.animation.PauseTransition;
import javafx.beans.property.IntegerProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.util.Duration;

import org.ktoworkbench.app.control.TextCells;
import org.ktoworkbench.model.store.DatasetInfo;

/** Datasets: the list, import, the filtered examples table, and the detail, statistics and tokens panes. */
public final class DatasetsPage extends VBox {
    private final DatasetsViewModel viewModel;
    private final TokenizationViewModel tokens;

    public DatasetsPage(DatasetsViewModel viewModel, TokenizationViewModel tokens) {
        this.viewModel = viewModel;
        this.tokens = tokens;
        getStyleClass().add("page");
        setId("datasets-page");
        SplitPane split = new SplitPane(datasetList(), examplesColumn(), sidePanes());
        split.setDividerPositions(0.17, 0.70);
        VBox.setVgrow(split, Priority.ALWAYS);
        getChildren().addAll(header(), importErrors(), split);
    }

    public DatasetsViewModel viewModel() {
        return viewModel;
    }

    private HBox header() {
        Label title = new Label("Datasets");
        title.getStyleClass().add("page-title");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        ImportState state = viewModel.importState();
        ProgressBar progress = new ProgressBar();
        progress.setId("import-progress");
        progress.progressProperty().bind(state.progressProperty());
        progress.visibleProperty().bind(state.runningProperty());
        Label message = new Label();
        message.getStyleClass().add("muted");
        message.textProperty().bind(state.messageProperty());
        Button importButton = new Button("Import…");
        importButton.setId("import-button");
        importButton.getStyleClass().add("accent");
        importButton.disableProperty().bind(state.runningProperty());
        importButton.setOnAction(e -> chooseAndImport());
        Button deleteButton = new Button("Delete…");
        deleteButton.setId("delete-dataset");
        deleteButton.getStyleClass().addAll("danger", "button-outlined");
        deleteButton.disableProperty().bind(state.runningProperty().or(viewModel.selectedDatasetProperty().isNull()));
        deleteButton.setOnAction(e -> confirmDelete());
        Button cancelImport = new Button("Cancel import");
        cancelImport.setId("cancel-import");
        cancelImport.visibleProperty().bind(state.runningProperty());
        cancelImport.managedProperty().bind(state.runningProperty());
        cancelImport.setOnAction(e -> viewModel.cancelImport());
        HBox box = new HBox(10, title, grow, message, progress, cancelImport, deleteButton, importButton);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private void confirmDelete() {
        DatasetInfo dataset = viewModel.selectedDatasetProperty().get();
        String text = String.format("'%s' and its %,d rows are deleted from the workspace; runs trained on it keep"
                + " their records. This cannot be undone.", dataset.name(), dataset.rows());
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, text, ButtonType.CANCEL, ButtonType.OK);
        confirm.setHeaderText("Delete dataset '" + dataset.name() + "'?");
        confirm.initOwner(getScene().getWindow());
        confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(ok -> viewModel.delete(dataset));
    }

    private void chooseAndImport() {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Import a dataset");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Datasets (JSONL, JSON, CSV, Parquet)", "*.jsonl", "*.json", "*.csv", "*.parquet"),
                new FileChooser.ExtensionFilter("All files", "*.*"));
        File file = chooser.showOpenDialog(getScene().getWindow());
        if (file != null) {
            viewModel.importFile(file.toPath());
        }
    }

    private VBox importErrors() {
        ImportState state = viewModel.importState();
        Label title = new Label();
        title.getStyleClass().add("error-title");
        title.textProperty().bind(state.errorTitleProperty());
        title.setWrapText(true);
        ListView<String> list = new ListView<>(state.errors());
        list.setId("import-errors");
        list.setPrefHeight(140);
        Button dismiss = new Button("Dismiss");
        dismiss.setOnAction(e -> state.dismissErrors());
        HBox top = new HBox(10, title, dismiss);
        HBox.setHgrow(title, Priority.ALWAYS);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(6, top, list);
        card.getStyleClass().addAll("card", "error-list");
        card.visibleProperty().bind(state.errorTitleProperty().isNotEmpty());
        card.managedProperty().bind(card.visibleProperty());
        return card;
    }

    private ListView<DatasetInfo> datasetList() {
        ListView<DatasetInfo> list = new ListView<>(viewModel.datasets());
        list.setId("dataset-list");
        list.setMinWidth(180);
        list.setCellFactory(v -> TextCells.of(d -> d == null ? null : String.format("%s%n%,d rows · %.0f%% desirable",
                d.name(), d.rows(), d.rows() == 0 ? 0.0 : 100.0 * d.desirable() / d.rows())));
        list.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (now != null && now != viewModel.selectedDatasetProperty().get()) {
                viewModel.selectedDatasetProperty().set(now);
            }
        });
        viewModel.selectedDatasetProperty().addListener((obs, old, now) -> list.getSelectionModel().select(now));
        return list;
    }

    private VBox examplesColumn() {
        ComboBox<LabelFilter> label = new ComboBox<>();
        label.setId("label-filter");
        label.getItems().setAll(LabelFilter.values());
        label.valueProperty().bindBidirectional(viewModel.labelFilterProperty());

        TextField search = new TextField();
        search.setId("search-field");
        search.setPromptText("Search prompts and completions");
        HBox.setHgrow(search, Priority.ALWAYS);
        PauseTransition debounce = new PauseTransition(Duration.millis(250));
        debounce.setOnFinished(e -> viewModel.searchTextProperty().set(search.getText()));
        search.textProperty().addListener((obs, old, now) -> debounce.playFromStart());

        TextField min = lengthField("min-length", "min", viewModel.minLengthProperty(), 0);
        TextField max = lengthField("max-length", "max", viewModel.maxLengthProperty(), Integer.MAX_VALUE);
        HBox filters = new HBox(8, label, search, new Label("Length"), min, new Label("–"), max);
        filters.setAlignment(Pos.CENTER_LEFT);

        ExamplesTable table = new ExamplesTable(viewModel.visibleRows());
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) ->
                viewModel.selectedRowProperty().set(now));
        VBox.setVgrow(table, Priority.ALWAYS);
        Label status = new Label();
        status.setId("datasets-status");
        status.getStyleClass().add("muted");
        status.textProperty().bind(viewModel.statusProperty());
        VBox box = new VBox(8, filters, table, status);
        box.setMinWidth(400);
        return box;
    }

    /** A whole-number field; blank means no bound, anything else invalid is outlined and ignored. */
    private static TextField lengthField(String id, String prompt, IntegerProperty target, int unbounded) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(5);
        field.textProperty().addListener((obs, old, now) -> {
            field.getStyleClass().remove("invalid");
            String text = now.strip();
            if (text.isEmpty()) {
                target.set(unbounded);
                return;
            }
            try {
                int value = Integer.parseInt(text);
                if (value < 0) {
                    throw new NumberFormatException();
                }
                target.set(value);
            } catch (NumberFormatException e) {
                field.getStyleClass().add("invalid");
            }
        });
        return field;
    }

    private TabPane sidePanes() {
        Tab detail = new Tab("Example", new ExampleDetailPane(viewModel.selectedRowProperty()));
        Tab stats = new Tab("Statistics", new StatisticsPane(viewModel.statisticsProperty()));
        Tab tokenTab = new Tab("Tokens", new TokenizationPane(tokens));
        tokenTab.setId("tokens-tab");
        TabPane tabs = new TabPane(detail, stats, tokenTab);
        tabs.setId("dataset-side-tabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.setMinWidth(320);
        return tabs;
    }

    /** Shows the statistics tab (for screenshots). */
    public void showStatistics() {
        lookupAll("#dataset-side-tabs").forEach(n -> ((TabPane) n).getSelectionModel().select(1));
    }

    /** Shows the tokens tab (for screenshots). */
    public void showTokens() {
        lookupAll("#dataset-side-tabs").forEach(n -> ((TabPane) n).getSelectionModel().select(2));
    }
}
