package org.ktoworkbench.app.runs;

import java.io.File;
import java.util.List;
import java.util.stream.Collectors;

import javafx.geometry.Pos;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;

import org.ktoworkbench.app.control.TextCells;
import org.ktoworkbench.app.layout.WhenShown;
import org.ktoworkbench.model.store.RunStatus;

/** Every run in the workspace: filter, sort, compare several, follow one, notes and CSV export. */
public final class RunsPage extends VBox {
    private final RunsViewModel viewModel;
    private final RunsTable table;
    private final TextArea notes = new TextArea();

    public RunsPage(RunsViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("page");
        setId("runs-page");
        table = new RunsTable(viewModel.visibleRows());
        table.setId("runs-table");
        VBox.setVgrow(table, Priority.ALWAYS);
        Label message = new Label();
        message.getStyleClass().add("muted");
        message.textProperty().bind(viewModel.messageProperty());
        getChildren().addAll(header(), filters(), table, actions(), notesPane(), message);
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) ->
                notes.setText(now == null || now.info().notes() == null ? "" : now.info().notes()));
        // each visit reloads, so runs made elsewhere (the CLI) appear
        WhenShown.run(this, viewModel::reload);
    }

    public RunsViewModel viewModel() {
        return viewModel;
    }

    private HBox header() {
        Label title = new Label("Runs");
        title.getStyleClass().add("page-title");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Button refresh = new Button("Refresh");
        refresh.setId("refresh-runs");
        refresh.setOnAction(e -> viewModel.reload());
        HBox box = new HBox(10, title, grow, refresh);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private HBox filters() {
        TextField text = new TextField();
        text.setId("runs-filter");
        text.setPromptText("Filter by name, dataset, kind or notes");
        text.textProperty().bindBidirectional(viewModel.filterTextProperty());
        HBox.setHgrow(text, Priority.ALWAYS);
        ComboBox<RunStatus> status = new ComboBox<>();
        status.getItems().add(null);
        status.getItems().addAll(RunStatus.values());
        TextCells.use(status, s -> s == null ? "All statuses" : s.name().toLowerCase());
        status.valueProperty().bindBidirectional(viewModel.statusFilterProperty());
        HBox box = new HBox(8, text, status);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private HBox actions() {
        Button compare = new Button("Compare selected");
        compare.setId("compare-selected");
        compare.getStyleClass().add("accent");
        compare.setOnAction(e -> viewModel.compare(List.copyOf(table.getSelectionModel().getSelectedItems())));
        Button follow = new Button("Open in monitor");
        follow.setId("follow-run");
        follow.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        follow.setOnAction(e -> viewModel.follow(table.getSelectionModel().getSelectedItem()));
        Button csv = new Button("Export metrics CSV…");
        csv.setId("export-csv");
        csv.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        csv.setOnAction(e -> exportCsv());
        Button resume = new Button("Resume");
        resume.setId("resume-run");
        resume.disableProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> !RunsViewModel.canResume(table.getSelectionModel().getSelectedItem()),
                table.getSelectionModel().selectedItemProperty()));
        resume.setOnAction(e -> viewModel.resume(table.getSelectionModel().getSelectedItem()));
        Button delete = new Button("Delete…");
        delete.setId("delete-runs");
        delete.getStyleClass().addAll("danger", "button-outlined");
        delete.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        delete.setOnAction(e -> confirmDelete());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox box = new HBox(8, compare, follow, resume, csv, grow, delete);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private VBox notesPane() {
        notes.setId("run-notes");
        notes.setPromptText("Notes for the selected run");
        notes.setPrefRowCount(3);
        notes.setWrapText(true);
        notes.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        Button save = new Button("Save notes");
        save.setId("save-notes");
        save.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        save.setOnAction(e -> viewModel.saveNotes(table.getSelectionModel().getSelectedItem(), notes.getText()));
        HBox row = new HBox(8, notes, save);
        HBox.setHgrow(notes, Priority.ALWAYS);
        row.setAlignment(Pos.BOTTOM_LEFT);
        return new VBox(4, new Label("Notes"), row);
    }

    private void confirmDelete() {
        List<RunRow> selected = List.copyOf(table.getSelectionModel().getSelectedItems());
        String names = selected.stream().map(RunRow::label).collect(Collectors.joining("\n"));
        Alert confirm = new Alert(Alert.AlertType.CONFIRMATION, names
                + "\n\nTheir metrics, samples, checkpoints and models are deleted; this cannot be undone.",
                ButtonType.CANCEL, ButtonType.OK);
        confirm.setHeaderText(selected.size() == 1 ? "Delete this run?" : "Delete these " + selected.size() + " runs?");
        confirm.initOwner(getScene().getWindow());
        confirm.showAndWait().filter(ButtonType.OK::equals).ifPresent(ok -> viewModel.delete(selected));
    }

    private void exportCsv() {
        RunRow row = table.getSelectionModel().getSelectedItem();
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export metrics of " + row.label());
        chooser.setInitialFileName("run-" + row.id() + "-metrics.csv");
        File file = chooser.showSaveDialog(getScene().getWindow());
        if (file != null) {
            viewModel.exportCsv(row, file.toPath());
        }
    }

    public javafx.scene.control.TableView<RunRow> table() {
        return table;
    }
}
