package org.ktoworkbench.app.datasets;

import java.nio.file.Path;

import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;

import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.app.control.NumberParameter;
import org.ktoworkbench.app.event.EventBus;
import org.ktoworkbench.app.event.WorkbenchEvents;
import org.ktoworkbench.app.modelfolder.FolderTokenizer;
import org.ktoworkbench.app.modelfolder.RecentModelFolders;

/**
 * The datasets page's tokens tab: how the selected row tokenizes for a model folder, the run screen's choice (it
 * follows that) or one picked here. The folder's tokenizer is opened once, off the FX thread, and each row is
 * tokenized in a background task; a result that arrives after the row, folder or max length changed is dropped.
 */
public final class TokenizationViewModel implements AutoCloseable {
    private final TaskExecutor executor;
    private final RecentModelFolders recentFolders;
    private final ObservableValue<ExampleRow> row;
    private final ReadOnlyObjectWrapper<Path> folder = new ReadOnlyObjectWrapper<>(this, "folder");
    private final NumberParameter maxLength = NumberParameter.integer("Max length", 0, 1L << 20, 0).blankMeans(0);
    private final ReadOnlyObjectWrapper<RowTokens> tokens = new ReadOnlyObjectWrapper<>(this, "tokens");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper failed = new ReadOnlyBooleanWrapper(this, "failed");
    private FolderTokenizer tokenizer;
    private long opening; // counts folder changes: an older folder's tokenizer that opens late is closed
    private long tokenizing; // counts row, folder and max length changes: an older result is dropped

    public TokenizationViewModel(TaskExecutor executor, EventBus bus, RecentModelFolders recentFolders,
                                 ObservableValue<ExampleRow> selectedRow) {
        this.executor = executor;
        this.recentFolders = recentFolders;
        this.row = selectedRow;
        bus.subscribe(WorkbenchEvents.ModelFolderChosen.class, e -> open(e.folder()));
        selectedRow.addListener((obs, old, now) -> retokenize());
        maxLength.valueProperty().addListener((obs, old, now) -> retokenize());
        maxLength.errorProperty().addListener((obs, old, now) -> retokenize());
        showIdle();
    }

    /** Tokenizes with the folder picked on this page (the run screen keeps its own choice). */
    public void chooseFolder(Path dir) {
        Path normal = dir.toAbsolutePath().normalize();
        recentFolders.remember(normal);
        open(normal);
    }

    /** Chooses a folder of the recent list; a missing one is refused, saying so. */
    public void chooseRecent(RecentModelFolders.Entry entry) {
        if (!entry.exists()) {
            fail(entry.folder() + ": no such model folder (moved or deleted)");
            return;
        }
        chooseFolder(entry.folder());
    }

    private void open(Path dir) {
        if (dir.equals(folder.get()) && tokenizer != null) {
            return;
        }
        long mine = ++opening;
        ++tokenizing;
        closeTokenizer();
        folder.set(dir);
        tokens.set(null);
        failed.set(false);
        status.set("Opening the tokenizer of " + dir + "…");
        executor.execute(BackgroundTask.of("Opening the tokenizer of " + dir, ctx -> FolderTokenizer.open(dir))
                .onSuccess(opened -> {
                    if (mine != opening) {
                        close(opened);
                        return;
                    }
                    tokenizer = opened;
                    retokenize();
                })
                .onFailure(e -> {
                    if (mine == opening) {
                        fail(message(e));
                    }
                }));
    }

    private void retokenize() {
        long mine = ++tokenizing;
        ExampleRow selected = row.getValue();
        FolderTokenizer open = tokenizer;
        tokens.set(null);
        if (open == null || selected == null || !maxLength.isValid()) {
            showIdle();
            return;
        }
        int setting = (int) maxLength.longValue();
        failed.set(false);
        status.set("Tokenizing row " + (selected.ordinal() + 1) + "…");
        executor.execute(BackgroundTask.of("Tokenizing row " + (selected.ordinal() + 1),
                        ctx -> open.use((tok, context) -> RowTokens.of(tok, context, selected.example(), setting)))
                .onSuccess(result -> {
                    if (mine == tokenizing) {
                        tokens.set(result);
                        status.set("");
                    }
                })
                .onFailure(e -> {
                    if (mine == tokenizing) {
                        fail(message(e));
                    }
                }));
    }

    /** Says what is missing; while the tokenizer opens (or failed to), that message stays. */
    private void showIdle() {
        if (folder.get() == null) {
            failed.set(false);
            status.set("Choose a model folder here or on the run screen to see how rows tokenize for it.");
        } else if (!maxLength.isValid()) {
            fail(maxLength.errorProperty().get());
        } else if (row.getValue() == null && tokenizer != null) {
            failed.set(false);
            status.set("Select a row to see its tokens.");
        }
    }

    private void fail(String why) {
        failed.set(true);
        status.set(why);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }

    private void closeTokenizer() {
        if (tokenizer != null) {
            close(tokenizer);
            tokenizer = null;
        }
    }

    /** Off the FX thread: closing waits for a tokenization in progress. */
    private void close(FolderTokenizer t) {
        executor.execute(BackgroundTask.of("Closing the tokenizer of " + t.folder(), ctx -> {
            t.close();
            return t;
        }));
    }

    /** Frees the open tokenizer (the workspace closes). */
    @Override
    public void close() {
        opening++;
        tokenizing++;
        if (tokenizer != null) {
            tokenizer.close();
            tokenizer = null;
        }
    }

    public ReadOnlyObjectProperty<Path> folderProperty() {
        return folder.getReadOnlyProperty();
    }

    /** The run's max length setting for the tokenization; 0 (or an empty field) for the default. */
    public NumberParameter maxLength() {
        return maxLength;
    }

    /** The selected row's tokens; null while there is nothing to show or it is being computed. */
    public ReadOnlyObjectProperty<RowTokens> tokensProperty() {
        return tokens.getReadOnlyProperty();
    }

    /** What is going on (opening, tokenizing, an error naming the file); empty when the tokens are shown. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Whether {@link #statusProperty()} is an error. */
    public ReadOnlyBooleanProperty failedProperty() {
        return failed.getReadOnlyProperty();
    }

    public RecentModelFolders recentFolders() {
        return recentFolders;
    }
}
