package org.ktoworkbench.app.datasets;

import javafx.beans.value.ObservableValue;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

import org.ktoworkbench.app.control.Chips;

/** The selected example in full: label, prompt, completion and the source file's other columns. */
final class ExampleDetailPane extends VBox {
    private final HBox heading = new HBox(8);
    private final TextArea prompt = area("detail-prompt");
    private final TextArea completion = area("detail-completion");
    private final Label metadata = new Label();

    ExampleDetailPane(ObservableValue<ExampleRow> selected) {
        setSpacing(6);
        getStyleClass().add("detail-pane");
        metadata.getStyleClass().add("muted");
        metadata.setWrapText(true);
        Label promptTitle = new Label("Prompt");
        promptTitle.getStyleClass().add("section-title");
        Label completionTitle = new Label("Completion");
        completionTitle.getStyleClass().add("section-title");
        VBox.setVgrow(prompt, Priority.ALWAYS);
        VBox.setVgrow(completion, Priority.ALWAYS);
        getChildren().addAll(heading, promptTitle, prompt, completionTitle, completion, metadata);
        selected.addListener((obs, old, now) -> show(now));
        show(selected.getValue());
    }

    private void show(ExampleRow row) {
        if (row == null) {
            heading.getChildren().setAll(new Label("Select a row to see it in full."));
            prompt.clear();
            completion.clear();
            metadata.setText("");
            return;
        }
        Label number = new Label("Row " + (row.ordinal() + 1));
        number.getStyleClass().add("section-title");
        heading.getChildren().setAll(number, Chips.label(row.desirable()));
        prompt.setText(row.example().prompt());
        completion.setText(row.example().completion());
        String pair = row.example().pairId() == null ? "" : "pair " + row.example().pairId() + "   ";
        String meta = "{}".equals(row.example().metadataJson()) ? "" : "other columns " + row.example().metadataJson();
        metadata.setText(pair + meta);
    }

    private static TextArea area(String id) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(true);
        area.getStyleClass().add("detail-text");
        area.setPrefRowCount(6);
        return area;
    }
}
