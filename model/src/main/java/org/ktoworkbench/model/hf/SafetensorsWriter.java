package org.ktoworkbench.model.hf;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Supplier;

/** Writes a safetensors file as Hugging Face does (header padded with spaces to 8 bytes), via a temporary file. */
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tensor to write; its values are asked for only when it is written, one tensor at a time. */
    public record Tensor(String name, SafetensorsDtype dtype, long[] shape, Supplier<float[]> values) {}

    private SafetensorsWriter() {}

    public static void write(Path file, List<Tensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Tensor t : tensors) {
            long count = 1;
            for (long d : t.shape()) {
                count *= d;
            }
            long end = offset + count * t.dtype().bytes();
            ObjectNode entry = header.putObject(t.name());
            entry.put("dtype", t.dtype().name());
            ArrayNode shape = entry.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        StringBuilder headerText = new StringBuilder(JSON.writeValueAsString(header));
        while (headerText.toString().getBytes(StandardCharsets.UTF_8).length % 8 != 0) {
            headerText.append(' ');
        }
        byte[] headerBytes = headerText.toString().getBytes(StandardCharsets.UTF_8);
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length);
            writeFully(out, length.flip());
            writeFully(out, ByteBuffer.wrap(headerBytes));
            for (Tensor t : tensors) {
                float[] values = t.values().get();
                ByteBuffer data = ByteBuffer.allocate(Math.multiplyExact(values.length, t.dtype().bytes()))
                        .order(ByteOrder.LITTLE_ENDIAN);
                t.dtype().write(values, data);
                writeFully(out, data.flip());
            }
        }
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            out.write(buffer);
        }
    }
}
