package org.ktoworkbench.model.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExportFileTest {
    @TempDir
    Path dir;

    private static ExportFile.Content<Integer> text(String text) {
        return out -> {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.close(); // as a JSON generator does: the file must still be completed
            return text.length();
        };
    }

    private List<String> names() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesANewFileAndLeavesNoTemporaryFile() throws IOException {
        Path file = dir.resolve("out.csv");
        assertEquals(5, ExportFile.write(file, false, text("a,b\n1")));
        assertEquals("a,b\n1", Files.readString(file));
        assertEquals(List.of("out.csv"), names());
    }

    @Test
    void anExistingFileIsReplacedOnlyWhenAsked() throws IOException {
        Path file = Files.writeString(dir.resolve("source.jsonl"), "the user's data\n");
        IOException refused = assertThrows(IOException.class, () -> ExportFile.write(file, false, text("new")));
        assertEquals(file + ": already exists; not replaced (--force replaces it)", refused.getMessage());
        assertEquals("the user's data\n", Files.readString(file));

        ExportFile.write(file, true, text("new"));
        assertEquals("new", Files.readString(file));
        assertEquals(List.of("source.jsonl"), names());
    }

    @Test
    void aSymbolicLinkIsNeitherWrittenThroughNorReplacedEvenWhenReplacing() throws IOException {
        Path target = Files.writeString(dir.resolve("elsewhere.txt"), "keep me\n");
        Path link = Files.createSymbolicLink(dir.resolve("link.csv"), target);
        for (boolean replace : new boolean[]{false, true}) {
            IOException refused = assertThrows(IOException.class, () -> ExportFile.write(link, replace, text("x")));
            assertTrue(refused.getMessage().startsWith(link + ": is a symbolic link; not written"), refused.getMessage());
        }
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep me\n", Files.readString(target));
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling.csv"), dir.resolve("nowhere.txt"));
        assertThrows(IOException.class, () -> ExportFile.write(dangling, true, text("x")));
        assertTrue(Files.notExists(dir.resolve("nowhere.txt")), "nothing created through a dangling link");
        assertEquals(List.of("dangling.csv", "elsewhere.txt", "link.csv"), names());
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path file = Files.writeString(dir.resolve("metrics.csv"), "old\n");
        IOException failed = assertThrows(IOException.class, () -> ExportFile.write(file, true, out -> {
            out.write("half of it".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        }));
        assertEquals(file + ": cannot write: disk full", failed.getMessage());
        assertEquals("old\n", Files.readString(file));
        assertEquals(List.of("metrics.csv"), names());
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path file = dir.resolve("absent").resolve("out.csv");
        IOException refused = assertThrows(IOException.class, () -> ExportFile.write(file, false, text("x")));
        assertEquals(file + ": cannot write: no directory " + dir.resolve("absent"), refused.getMessage());
    }

    @Test
    void aDirectoryIsNotReplaced() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("out"));
        IOException refused = assertThrows(IOException.class, () -> ExportFile.write(sub, true, text("x")));
        assertEquals(sub + ": exists and is not a regular file; not written", refused.getMessage());
        assertTrue(Files.isDirectory(sub));
    }
}
