package org.ktoworkbench.model.store;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteNativeLibraryTest {
    @TempDir
    Path dir;

    private static byte[] libraryInTheJar() throws IOException {
        try (InputStream in = SqliteNativeLibrary.class.getResourceAsStream(SqliteNativeLibrary.resource())) {
            return in.readAllBytes();
        }
    }

    @Test
    void copiesTheDriversLibraryOnceAndReusesTheCopy() throws IOException {
        Path first = SqliteNativeLibrary.cachedCopy(dir.resolve("cache")).orElseThrow();
        assertArrayEquals(libraryInTheJar(), Files.readAllBytes(first));
        FileTime written = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(first, written);
        Path second = SqliteNativeLibrary.cachedCopy(dir.resolve("cache")).orElseThrow();
        assertEquals(first, second);
        assertEquals(written, Files.getLastModifiedTime(second), "a complete copy is not written again");
        try (var files = Files.list(dir.resolve("cache"))) {
            assertEquals(1, files.count(), "no partial file is left beside it");
        }
    }

    @Test
    void aTruncatedCopyIsReplaced() throws IOException {
        Path library = SqliteNativeLibrary.cachedCopy(dir).orElseThrow();
        byte[] whole = Files.readAllBytes(library);
        Files.write(library, Arrays.copyOf(whole, whole.length / 2));
        Path again = SqliteNativeLibrary.cachedCopy(dir).orElseThrow();
        assertArrayEquals(whole, Files.readAllBytes(again));
    }

    @Test
    void aNoteNamesTheCopyForTheNextStartWhichTrustsItOnlyWhileItIsComplete() throws IOException {
        Path cache = dir.resolve("cache");
        Path library = SqliteNativeLibrary.rememberedCopy(cache).orElseThrow();
        assertArrayEquals(libraryInTheJar(), Files.readAllBytes(library));
        Path note;
        try (var files = Files.list(cache)) {
            note = files.filter(f -> f.toString().endsWith(".library")).findFirst().orElseThrow();
        }
        List<String> lines = Files.readAllLines(note);
        assertEquals(library.getFileName().toString(), lines.get(1));
        // a note naming another complete file is followed without looking in the jar
        Path decoy = Files.write(cache.resolve("00000000-3-" + LibraryLoaderUtil.getNativeLibName()), new byte[3]);
        Files.write(note, List.of(lines.get(0), decoy.getFileName().toString()));
        assertEquals(decoy, SqliteNativeLibrary.rememberedCopy(cache).orElseThrow());
        // once that file is not the size its name says, the jar is asked again and the note corrected
        Files.write(decoy, new byte[2]);
        assertEquals(library, SqliteNativeLibrary.rememberedCopy(cache).orElseThrow());
        assertEquals(library.getFileName().toString(), Files.readAllLines(note).get(1));
    }

    @Test
    void aFreshCliProcessMakesTheCopyAndRuns() throws Exception {
        Path cache = dir.resolve("xdg");
        String classpath = System.getProperty("java.class.path");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, "org.ktoworkbench.model.cli.Cli", "datasets", "--workspace", dir.resolve("ws").toString());
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), output);
        try (var files = Files.list(cache.resolve("kto-workbench").resolve("sqlite"))) {
            assertEquals(1, files.filter(f -> f.getFileName().toString().endsWith(LibraryLoaderUtil.getNativeLibName())).count());
        }
    }
}
