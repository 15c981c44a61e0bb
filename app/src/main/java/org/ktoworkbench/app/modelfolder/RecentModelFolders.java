package org.ktoworkbench.app.modelfolder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import org.ktoworkbench.app.concurrent.BackgroundTask;
import org.ktoworkbench.app.concurrent.TaskExecutor;
import org.ktoworkbench.app.settings.AppSettings;

/**
 * The model folders chosen lately, most recent first, kept in the GUI settings so that they survive a restart and a
 * workspace switch. Each entry says whether its folder is still there, checked off the FX thread.
 */
public final class RecentModelFolders {
    /** A remembered folder; {@code exists} is false once it was moved or deleted. */
    public record Entry(Path folder, boolean exists) {
        @Override
        public String toString() {
            return exists ? folder.toString() : folder + "  (missing)";
        }
    }

    private final AppSettings settings;
    private final Runnable save;
    private final TaskExecutor executor;
    private final ObservableList<Entry> entries = FXCollections.observableArrayList();
    // one view for every caller: listeners on a view last only as long as the view is referenced
    private final ObservableList<Entry> readOnly = FXCollections.unmodifiableObservableList(entries);
    private long generation;

    /** @param save writes {@code settings} to disk (the shell's one way of saving them) */
    public RecentModelFolders(AppSettings settings, Runnable save, TaskExecutor executor) {
        this.settings = settings;
        this.save = save;
        this.executor = executor;
        refresh();
    }

    /** Puts {@code folder} first and saves the settings. */
    public void remember(Path folder) {
        settings.addRecentModelFolder(folder);
        save.run();
        refresh();
    }

    /** Checks again which folders exist. */
    public void refresh() {
        long mine = ++generation;
        List<Path> folders = settings.recentModelFolders();
        executor.execute(BackgroundTask.of("Checking model folders",
                        ctx -> folders.stream().map(f -> new Entry(f, Files.isDirectory(f))).toList())
                .onSuccess(list -> {
                    if (mine == generation) {
                        entries.setAll(list);
                    }
                }));
    }

    public ObservableList<Entry> entries() {
        return readOnly;
    }
}
