package org.ktoworkbench.app.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import org.ktoworkbench.app.theme.ThemeMode;

/**
 * GUI preferences kept in a small JSON file: the theme, the recently opened workspaces and the
 * recently chosen model folders (most recent first). An unreadable file falls back to defaults
 * instead of blocking start-up.
 */
public final class AppSettings {
    public static final int MAX_RECENT = 8;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Stored(String theme, List<String> recentWorkspaces, List<String> recentModelFolders) {
    }

    private final Path file;
    private ThemeMode theme = ThemeMode.LIGHT;
    private final List<Path> recent = new ArrayList<>();
    private final List<Path> recentModelFolders = new ArrayList<>();

    private AppSettings(Path file) {
        this.file = file;
    }

    public static AppSettings load(Path file) {
        AppSettings settings = new AppSettings(file);
        if (Files.isRegularFile(file)) {
            try {
                Stored stored = JSON.readValue(file.toFile(), Stored.class);
                if (stored.theme() != null) {
                    settings.theme = ThemeMode.valueOf(stored.theme());
                }
                read(stored.recentWorkspaces(), settings.recent);
                read(stored.recentModelFolders(), settings.recentModelFolders);
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("Ignoring unreadable GUI settings " + file + ": " + e.getMessage());
            }
        }
        return settings;
    }

    private static void read(List<String> stored, List<Path> into) {
        if (stored != null) {
            stored.stream().limit(MAX_RECENT).map(Path::of).forEach(into::add);
        }
    }

    public void save() throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), new Stored(theme.name(), strings(recent), strings(recentModelFolders)));
    }

    private static List<String> strings(List<Path> paths) {
        return paths.stream().map(Path::toString).toList();
    }

    public ThemeMode theme() {
        return theme;
    }

    public void setTheme(ThemeMode theme) {
        this.theme = theme;
    }

    public List<Path> recentWorkspaces() {
        return List.copyOf(recent);
    }

    public void addRecentWorkspace(Path dir) {
        pushFront(recent, dir);
    }

    /** Model folders chosen on the run screen or the datasets page, most recent first. */
    public List<Path> recentModelFolders() {
        return List.copyOf(recentModelFolders);
    }

    public void addRecentModelFolder(Path dir) {
        pushFront(recentModelFolders, dir);
    }

    private static void pushFront(List<Path> list, Path dir) {
        Path normal = dir.toAbsolutePath().normalize();
        list.remove(normal);
        list.add(0, normal);
        while (list.size() > MAX_RECENT) {
            list.remove(list.size() - 1);
        }
    }
}
