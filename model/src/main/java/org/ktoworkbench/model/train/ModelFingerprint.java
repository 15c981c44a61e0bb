package org.ktoworkbench.model.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Where a run's model came from: the folder and a SHA-256 over the files that decide its numbers (config.json, the
 * safetensors files and their index, tokenizer.json and tokenizer_config.json: each file's name and bytes, in name
 * order), with their count and size for messages.
 */
record ModelFingerprint(String folder, String sha256, int files, long bytes) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMED = List.of("config.json", "tokenizer.json", "tokenizer_config.json");

    static ModelFingerprint of(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> entries = Files.list(folder)) {
            files = entries.filter(Files::isRegularFile).filter(ModelFingerprint::decides).sorted().toList();
        }
        MessageDigest digest = ReferenceCache.sha256();
        long bytes = 0;
        byte[] buffer = new byte[1 << 20];
        for (Path file : files) {
            byte[] name = file.getFileName().toString().getBytes(StandardCharsets.UTF_8);
            digest.update(longBytes(name.length));
            digest.update(name);
            digest.update(longBytes(Files.size(file)));
            try (InputStream in = Files.newInputStream(file)) {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    digest.update(buffer, 0, n);
                    bytes += n;
                }
            }
        }
        return new ModelFingerprint(folder.toAbsolutePath().normalize().toString(),
                HexFormat.of().formatHex(digest.digest()), files.size(), bytes);
    }

    private static boolean decides(Path file) {
        String name = file.getFileName().toString();
        return NAMED.contains(name) || name.endsWith(".safetensors") || name.endsWith(".safetensors.index.json");
    }

    /** "/models/qwen (4 files, 1.2 GiB, sha256 3f2a9c01…)" */
    String describe() {
        return String.format(Locale.ROOT, "%s (%d files, %s, sha256 %s…)", folder, files, MemoryEstimate.format(bytes),
                sha256.substring(0, 12));
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelFingerprint fromJson(String json) {
        try {
            return JSON.readValue(json, ModelFingerprint.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt model source in the workspace: " + e.getOriginalMessage(), e);
        }
    }

    private static byte[] longBytes(long value) {
        return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }
}
