package org.ktoworkbench.model.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Precomputed reference log-probs kept in the workspace ({@code cache/reference-logps/<key>.f32}), so that runs from
 * the same reference model on the same tokenized rows (the points of a sweep, a rerun) compute them once. The key is a
 * SHA-256 over the reference model's identity (a hash of its files, or of the built-in GPT's shape and seed), every
 * row's prompt and completion token ids with the max length, and the chunk the values are computed in: any change to
 * one of them is another key, so a stale value is never read. A file is written whole to a temporary name and moved
 * into place; one that cannot be read as the expected row count is ignored and recomputed.
 */
final class ReferenceCache {
    private final Path file;

    private ReferenceCache(Path file) {
        this.file = file;
    }

    static ReferenceCache of(Path workspaceDir, String referenceIdentity, EncodedRows rows, int chunk) {
        MessageDigest digest = sha256();
        digest.update(referenceIdentity.getBytes(StandardCharsets.UTF_8));
        digest.update(("\n" + chunk + "\n").getBytes(StandardCharsets.UTF_8));
        rows.digestInto(digest);
        return new ReferenceCache(workspaceDir.resolve("cache").resolve("reference-logps")
                .resolve(HexFormat.of().formatHex(digest.digest()) + ".f32"));
    }

    /** The cached values, when a complete file for {@code rows} values exists. */
    Optional<float[]> read(int rows) {
        if (!Files.isRegularFile(file)) return Optional.empty();
        try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
            if (data.readInt() != rows) return Optional.empty();
            float[] values = new float[rows];
            for (int i = 0; i < rows; i++) values[i] = data.readFloat();
            return data.read() == -1 ? Optional.of(values) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty(); // a truncated or unreadable file: computed again
        }
    }

    /** Stores the values; a failure to write only costs the next run the recomputation. */
    void write(float[] values) {
        try {
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), ".writing-", ".f32");
            try (OutputStream out = Files.newOutputStream(temp);
                 DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out))) {
                data.writeInt(values.length);
                for (float v : values) data.writeFloat(v);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException ignored) {
            // the cache is an optimisation: the run has its values in memory
        }
    }

    Path file() {
        return file;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
