package org.ktoworkbench.model.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file the user asked for (a dataset export, a metrics CSV) without harming what is already there.
 * <ul>
 *   <li>An existing file is replaced only when the caller says so ({@code --force}; the GUI's file chooser has
 *   already asked); otherwise it is an error and the file stays as it was.</li>
 *   <li>The content goes to a new temporary file in the same directory, reaches the disk, and is then renamed over
 *   the target in one step: a reader sees the old file or the whole new one, and a failed write leaves the old
 *   one.</li>
 *   <li>A target that is a symbolic link is refused, even when replacing is allowed: writing through it would change a
 *   file elsewhere (the link's target), and replacing it would silently turn the link into a plain file.</li>
 * </ul>
 * Without replacing, the target is checked before writing and again just before the rename; a file created by
 * another process in between those microseconds would be replaced.
 */
public final class ExportFile {
    /** Writes the content; it may close the stream it is given (the file is closed by {@link ExportFile}). */
    @FunctionalInterface
    public interface Content<T> {
        T writeTo(OutputStream out) throws IOException;
    }

    private ExportFile() {}

    /**
     * @param replace replace an existing regular file
     * @return what {@code content} returned (e.g. the number of rows)
     * @throws IOException with a message that names the file: it exists (without {@code replace}), it is a link or
     *                     not a regular file, or it could not be written
     */
    public static <T> T write(Path file, boolean replace, Content<T> content) throws IOException {
        Path target = file.toAbsolutePath();
        requireWritable(file, target, replace);
        Path temp = target.resolveSibling("." + target.getFileName() + "."
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36) + ".partial");
        try {
            T result;
            // CREATE_NEW: never opens an existing file or follows a link planted at the temporary name
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(new KeepOpen(Channels.newOutputStream(channel)), 1 << 16);
                result = content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            requireWritable(file, target, replace);
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            return result;
        } catch (ExportRefusedException e) {
            throw e;
        } catch (IOException e) {
            throw new IOException(file + ": cannot write: " + e.getMessage(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the write's own outcome is what to report; a stray hidden .partial file is harmless
        }
    }

    /** The refusal {@link #write} would give, checked up front (before long work whose result it would refuse). */
    public static void requireWritable(Path file, boolean replace) throws ExportRefusedException {
        requireWritable(file, file.toAbsolutePath(), replace);
    }

    private static void requireWritable(Path file, Path target, boolean replace) throws ExportRefusedException {
        if (Files.isSymbolicLink(target)) {
            throw new ExportRefusedException(file + ": is a symbolic link; not written (export to the file it points"
                    + " to, or remove the link)");
        }
        boolean exists = Files.exists(target, LinkOption.NOFOLLOW_LINKS);
        if (exists && !Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new ExportRefusedException(file + ": exists and is not a regular file; not written");
        }
        if (exists && !replace) {
            throw new ExportRefusedException(file + ": already exists; not replaced (--force replaces it)");
        }
        if (!exists && !Files.isDirectory(target.getParent())) { // only the root has no parent, and it exists
            throw new ExportRefusedException(file + ": cannot write: no directory " + target.getParent());
        }
    }

    /** Why a target was not written; the message names the file. */
    public static final class ExportRefusedException extends IOException {
        ExportRefusedException(String message) {
            super(message);
        }
    }

    /** Passes writes on; {@code close()} only flushes, so content that closes its stream leaves the file to us. */
    private static final class KeepOpen extends OutputStream {
        private final OutputStream out;

        KeepOpen(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
