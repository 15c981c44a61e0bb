package org.ktoworkbench.app.modelfolder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.app.concurrent.DirectTaskExecutor;
import org.ktoworkbench.app.settings.AppSettings;

class RecentModelFoldersTest {
    @TempDir
    Path dir;

    @Test
    void mostRecentFirstKeptInTheSettingsFileAndMissingFoldersMarked() throws Exception {
        Path file = dir.resolve("gui-settings.json");
        AppSettings settings = AppSettings.load(file);
        Path a = Files.createDirectories(dir.resolve("a"));
        Path b = Files.createDirectories(dir.resolve("b"));
        RecentModelFolders recent = new RecentModelFolders(settings, () -> save(settings), new DirectTaskExecutor());
        recent.remember(a);
        recent.remember(b);
        recent.remember(a); // chosen again: first again, listed once
        assertEquals(List.of(new RecentModelFolders.Entry(a, true), new RecentModelFolders.Entry(b, true)), recent.entries());

        Files.delete(b);
        RecentModelFolders reopened = new RecentModelFolders(AppSettings.load(file), () -> { }, new DirectTaskExecutor());
        assertEquals(List.of(new RecentModelFolders.Entry(a, true), new RecentModelFolders.Entry(b, false)),
                reopened.entries(), "read back from the file, the deleted folder marked missing");
        assertEquals(b + "  (missing)", reopened.entries().get(1).toString());
    }

    private static void save(AppSettings settings) {
        try {
            settings.save();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
