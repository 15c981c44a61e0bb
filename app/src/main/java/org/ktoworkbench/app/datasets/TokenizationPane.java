package org.ktoworkbench.app.datasets;

import java.util.List;
import java.util.stream.Collectors;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import org.ktoworkbench.app.control.NumberField;
import org.ktoworkbench.app.modelfolder.ModelFolderChooser;
import org.ktoworkbench.app.modelfolder.RecentModelFolders;
import org.ktoworkbench.model.train.RunConfig;

/**
 * The tokens tab: the model folder and max length, then the selected row as training tokenizes it: its turns when
 * conversational, the prompt's tokens and the completion's apart with their counts, and what the max length cuts or
 * why the row is dropped.
 */
final class TokenizationPane extends VBox {
    /** Tokens drawn per side; a longer side says how many more it has (its count is always whole). */
    static final int MAX_CHIPS = 400;

    private final TokenizationViewModel viewModel;
    private final VBox body = new VBox(8);

    TokenizationPane(TokenizationViewModel viewModel) {
        this.viewModel = viewModel;
        setSpacing(8);
        getStyleClass().add("detail-pane");
        Label status = new Label();
        status.setId("tokens-status");
        status.setWrapText(true);
        status.textProperty().bind(viewModel.statusProperty());
        status.visibleProperty().bind(viewModel.statusProperty().isNotEmpty());
        status.managedProperty().bind(status.visibleProperty());
        viewModel.failedProperty().addListener((obs, old, now) -> styleStatus(status, now));
        styleStatus(status, viewModel.failedProperty().get());
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(folderRow(), maxLengthRow(), status, scroll);
        viewModel.tokensProperty().addListener((obs, old, now) -> show(now));
        show(viewModel.tokensProperty().get());
    }

    private static void styleStatus(Label status, boolean failed) {
        status.getStyleClass().removeAll("muted", "hint-warn");
        status.getStyleClass().add(failed ? "hint-warn" : "muted");
    }

    private VBox folderRow() {
        Label folder = new Label();
        folder.setId("tokens-folder");
        folder.setWrapText(true);
        folder.getStyleClass().add("model-folder-path");
        folder.textProperty().bind(Bindings.createStringBinding(() -> viewModel.folderProperty().get() == null
                ? "no model folder" : viewModel.folderProperty().get().toString(), viewModel.folderProperty()));
        Button choose = new Button("Choose folder…");
        choose.setId("tokens-choose-folder");
        choose.setOnAction(e -> ModelFolderChooser.show(getScene().getWindow(), viewModel.folderProperty().get())
                .ifPresent(viewModel::chooseFolder));
        MenuButton recent = new MenuButton("Recent");
        recent.setId("tokens-recent-folders");
        ListChangeListener<RecentModelFolders.Entry> refill = c -> fillRecent(recent);
        viewModel.recentFolders().entries().addListener(refill);
        fillRecent(recent);
        HBox buttons = new HBox(8, choose, recent);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Label title = new Label("Model folder");
        title.getStyleClass().add("section-title");
        return new VBox(4, title, folder, buttons);
    }

    private void fillRecent(MenuButton menu) {
        menu.getItems().clear();
        for (RecentModelFolders.Entry entry : viewModel.recentFolders().entries()) {
            MenuItem item = new MenuItem(entry.toString());
            item.setDisable(!entry.exists());
            item.setOnAction(e -> viewModel.chooseRecent(entry));
            menu.getItems().add(item);
        }
        menu.setDisable(menu.getItems().isEmpty());
    }

    private HBox maxLengthRow() {
        NumberField field = new NumberField(viewModel.maxLength(), "tokens-max-length");
        Label hint = new Label("0 or empty: " + RunConfig.PRETRAINED_MAX_LENGTH + ", at most the context + 1");
        hint.getStyleClass().add("muted");
        hint.setWrapText(true);
        Label label = new Label(viewModel.maxLength().label());
        label.setMinWidth(Region.USE_PREF_SIZE);
        field.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, label, field, hint);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private void show(RowTokens tokens) {
        body.getChildren().clear();
        if (tokens == null) {
            return;
        }
        if (tokens.dropped() != null) {
            Label dropped = new Label("Dropped in training: " + tokens.dropped() + ". Its tokens, uncut:");
            dropped.setId("tokens-dropped");
            dropped.setWrapText(true);
            dropped.getStyleClass().add("hint-warn");
            body.getChildren().add(dropped);
        }
        if (!tokens.turns().isEmpty()) {
            body.getChildren().add(turns(tokens.turns()));
        }
        body.getChildren().addAll(
                side("Prompt", "tokens-prompt", tokens.prompt(), tokens.promptCut(), "from its start", false),
                side("Completion", "tokens-completion", tokens.completion(), tokens.completionCut(), "from its end", true));
        Label total = new Label(tokens.dropped() != null ? "max length " + tokens.maxLength()
                : String.format("%,d tokens of max length %,d", tokens.keptTokens(), tokens.maxLength()));
        total.setId("tokens-total");
        total.getStyleClass().add("muted");
        body.getChildren().add(total);
        for (String warning : tokens.warnings()) {
            Label line = new Label("Training logs: " + warning);
            line.setWrapText(true);
            line.getStyleClass().add("muted");
            body.getChildren().add(line);
        }
    }

    private static VBox turns(List<RowTokens.Turn> turns) {
        Label title = new Label("Turns");
        title.getStyleClass().add("section-title");
        VBox box = new VBox(2, title);
        box.setId("tokens-turns");
        for (RowTokens.Turn turn : turns) {
            Label role = new Label(turn.role() + ":");
            role.getStyleClass().add("turn-role");
            Label content = new Label(turn.content());
            content.setWrapText(true);
            HBox line = new HBox(6, role, content);
            HBox.setHgrow(content, Priority.ALWAYS);
            line.getStyleClass().add("turn");
            if (turn.completion()) {
                line.getStyleClass().add("completion-turn");
            }
            box.getChildren().add(line);
        }
        return box;
    }

    private static VBox side(String name, String id, List<RowTokens.Token> tokens, int cut, String where,
                             boolean completion) {
        Label title = new Label(String.format("%s · %,d tokens", name, tokens.size()));
        title.setId(id + "-count");
        title.getStyleClass().add("section-title");
        FlowPane chips = new FlowPane(3, 3);
        chips.setId(id);
        for (RowTokens.Token token : tokens.subList(0, Math.min(tokens.size(), MAX_CHIPS))) {
            chips.getChildren().add(chip(token, completion));
        }
        VBox box = new VBox(4, title);
        if (cut > 0) {
            Label cutNote = new Label(String.format("%,d more cut %s by the max length", cut, where));
            cutNote.setId(id + "-cut");
            cutNote.getStyleClass().add("hint-warn");
            box.getChildren().add(cutNote);
        }
        box.getChildren().add(chips);
        if (tokens.size() > MAX_CHIPS) {
            Label more = new Label(String.format("… %,d more tokens", tokens.size() - MAX_CHIPS));
            more.getStyleClass().add("muted");
            box.getChildren().add(more);
        }
        Label ids = new Label("ids " + tokens.stream().limit(MAX_CHIPS).map(t -> Integer.toString(t.id()))
                .collect(Collectors.joining(" ")) + (tokens.size() > MAX_CHIPS ? " …" : ""));
        ids.setWrapText(true);
        ids.getStyleClass().addAll("muted", "model-folder-path");
        box.getChildren().add(ids);
        return box;
    }

    private static Node chip(RowTokens.Token token, boolean completion) {
        Label chip = new Label(visible(token.text()));
        chip.getStyleClass().add("token-chip");
        if (token.special()) {
            chip.getStyleClass().add("special-token");
        } else if (completion) {
            chip.getStyleClass().add("completion-token");
        }
        Tooltip.install(chip, new Tooltip("id " + token.id()));
        return chip;
    }

    /** Whitespace drawn so that a token of spaces or a newline can be seen. */
    static String visible(String text) {
        if (text.isEmpty()) {
            return "∅";
        }
        return text.replace(' ', '·').replace("\n", "↵").replace("\t", "⇥").replace("\r", "␍");
    }
}
