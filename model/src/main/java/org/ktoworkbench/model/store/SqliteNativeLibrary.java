package org.ktoworkbench.model.store;

import org.ktoworkbench.model.io.ExportFile;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.jar.JarEntry;

/**
 * Keeps one extracted copy of sqlite-jdbc's native library in the user's cache folder and points the driver at it.
 * Without it the driver inflates the 1 MB library out of the jar into the temporary folder, compares it with the jar's
 * copy and deletes it at exit, on every start: about 0.13 s of each CLI command. The copy is named by the jar entry's
 * CRC-32 and size, written under another name and moved into place ({@link ExportFile}), so a different driver
 * version never loads a stale copy and a half-written one is never seen. Anything unusual (a user's own
 * {@code org.sqlite.lib.path}, the library outside a jar, an unwritable cache) leaves the driver to do what it always
 * did.
 */
final class SqliteNativeLibrary {
    private static final String PATH_PROPERTY = "org.sqlite.lib.path";
    private static final String NAME_PROPERTY = "org.sqlite.lib.name";
    private static boolean installed;

    private SqliteNativeLibrary() {
    }

    /** Points the driver at the cached copy, once per process, before its first connection. */
    static synchronized void install() {
        if (installed) return;
        installed = true;
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) return;
        cacheFolder().flatMap(SqliteNativeLibrary::rememberedCopy).ifPresent(library -> {
            System.setProperty(PATH_PROPERTY, library.getParent().toString());
            System.setProperty(NAME_PROPERTY, library.getFileName().toString());
        });
    }

    /**
     * The copy an earlier start found for this driver jar on this platform, named in a note beside it; else
     * {@link #cachedCopy}, noted for the next start. Finding the library in the jar asks the driver for the platform's
     * folder, which starts a {@code uname} process (about 50 ms of each start); the note is keyed by the jar's path,
     * size and modification time and the JVM's OS and architecture, so another jar or platform looks again.
     */
    static Optional<Path> rememberedCopy(Path folder) {
        Optional<String> key = driverKey();
        Path note = folder.resolve(key.map(k -> Integer.toHexString(k.hashCode()) + ".library").orElse("none"));
        if (key.isPresent()) {
            try {
                List<String> lines = Files.readAllLines(note);
                if (lines.size() == 2 && lines.get(0).equals(key.get())) {
                    Path library = folder.resolve(lines.get(1));
                    if (isComplete(library)) return Optional.of(library);
                }
            } catch (IOException | RuntimeException e) {
                // no note yet, or an unreadable one: look in the jar
            }
        }
        Optional<Path> copy = cachedCopy(folder);
        if (key.isPresent() && copy.isPresent()) writeNote(note, key.get() + "\n" + copy.get().getFileName() + "\n");
        return copy;
    }

    /** The driver jar's path, size and modification time and the JVM's platform, or empty outside a jar. */
    private static Optional<String> driverKey() {
        try {
            Path jar = Path.of(LibraryLoaderUtil.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(jar)) return Optional.empty();
            return Optional.of(String.join("|", jar.toString(), Long.toString(Files.size(jar)),
                    Long.toString(Files.getLastModifiedTime(jar).toMillis()), System.getProperty("os.name"),
                    System.getProperty("os.arch")));
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A copy whose size is the one its name records ({@link #cachedCopy} names it so). */
    private static boolean isComplete(Path library) throws IOException {
        String[] parts = library.getFileName().toString().split("-", 3);
        return parts.length == 3 && Files.isRegularFile(library) && Files.size(library) == Long.parseLong(parts[1]);
    }

    private static void writeNote(Path note, String text) {
        try {
            ExportFile.write(note, true, out -> {
                out.write(text.getBytes(StandardCharsets.UTF_8));
                return null;
            });
        } catch (IOException e) {
            // the next start looks in the jar again
        }
    }

    /** The library for this platform, copied into {@code folder} unless a complete copy is there already. */
    static Optional<Path> cachedCopy(Path folder) {
        URL url = SqliteNativeLibrary.class.getResource(resource());
        if (url == null) return Optional.empty();
        try {
            URLConnection connection = url.openConnection();
            if (!(connection instanceof JarURLConnection jar)) return Optional.empty();
            JarEntry entry = jar.getJarEntry();
            if (entry.getSize() < 0 || entry.getCrc() < 0) return Optional.empty();
            String name = String.format(Locale.ROOT, "%08x-%d-%s", entry.getCrc(), entry.getSize(),
                    LibraryLoaderUtil.getNativeLibName());
            Path library = folder.resolve(name);
            if (Files.isRegularFile(library) && Files.size(library) == entry.getSize()) return Optional.of(library);
            Files.createDirectories(folder);
            try (InputStream in = jar.getInputStream()) {
                ExportFile.write(library, true, in::transferTo);
            }
            return Files.size(library) == entry.getSize() ? Optional.of(library) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Where the driver keeps this platform's library among its classes. */
    static String resource() {
        return LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    }

    /** {@code $XDG_CACHE_HOME/kto-workbench/sqlite}, else {@code ~/.cache/kto-workbench/sqlite}. */
    private static Optional<Path> cacheFolder() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        String home = System.getProperty("user.home");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : home != null && !home.isBlank() ? Path.of(home, ".cache") : null;
        return Optional.ofNullable(base).map(b -> b.resolve("kto-workbench").resolve("sqlite"));
    }
}
