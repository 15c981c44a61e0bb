package org.ktoworkbench.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the header of a safetensors file (8-byte little-endian length, then JSON of dtype, shape and
 * data_offsets per tensor) and checks it against the file: every inconsistency is an IOException naming
 * the file and the tensor. Tensor data is read later, one tensor at a time, through a mapped buffer.
 */
public final class SafetensorsFile {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;
    private static final Map<String, Integer> OTHER_DTYPE_BYTES = Map.of(
            "BOOL", 1, "U8", 1, "I8", 1, "I16", 2, "U16", 2, "I32", 4, "U32", 4, "I64", 8, "U64", 8);

    private SafetensorsFile() {}

    /** Tensors of {@code file} by name, in header order. */
    public static Map<String, SafetensorsTensor> readHeader(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < 8) {
                throw new IOException(file + ": truncated safetensors file (" + size + " bytes, no header length)");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new IOException(file + ": truncated or corrupt safetensors file (header of " + headerLength
                        + " bytes, file of " + size + ")");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8);
            JsonNode header;
            try {
                header = JSON.readTree(headerBytes.array());
            } catch (IOException e) {
                throw new IOException(file + ": safetensors header is not valid JSON");
            }
            if (header == null || !header.isObject()) {
                throw new IOException(file + ": safetensors header is not a JSON object");
            }
            return parseEntries(file, header, 8 + headerLength, size - 8 - headerLength);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": weights file not found");
        }
    }

    private static Map<String, SafetensorsTensor> parseEntries(Path file, JsonNode header, long dataStart, long dataSize)
            throws IOException {
        Map<String, SafetensorsTensor> tensors = new LinkedHashMap<>();
        long[][] spans = new long[header.size()][];
        List<String> order = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            if (name.equals("__metadata__")) {
                continue;
            }
            String where = file + ": tensor '" + name + "'";
            JsonNode node = entry.getValue();
            String dtypeName = node.path("dtype").asText("");
            SafetensorsDtype dtype = SafetensorsDtype.parse(dtypeName);
            Integer elementBytes = dtype != null ? Integer.valueOf(dtype.bytes()) : OTHER_DTYPE_BYTES.get(dtypeName);
            if (elementBytes == null) {
                throw new IOException(where + ": unknown dtype '" + dtypeName + "'");
            }
            long[] shape = longs(node.get("shape"), where + ": shape");
            long[] offsets = longs(node.get("data_offsets"), where + ": data_offsets");
            if (offsets.length != 2 || offsets[0] > offsets[1]) {
                throw new IOException(where + ": data_offsets must be [begin, end] with begin <= end");
            }
            if (offsets[1] > dataSize) {
                throw new IOException(where + ": data ends at byte " + offsets[1] + " past the end of the data ("
                        + dataSize + " bytes): truncated file?");
            }
            SafetensorsTensor tensor = new SafetensorsTensor(file, name, dtypeName, dtype, shape,
                    dataStart + offsets[0], offsets[1] - offsets[0]);
            long expected;
            try {
                expected = Math.multiplyExact(tensor.elementCount(), elementBytes);
            } catch (ArithmeticException e) {
                throw new IOException(where + ": shape " + tensor.shapeText() + " is too large");
            }
            if (expected != tensor.length()) {
                throw new IOException(where + ": data_offsets span " + tensor.length() + " bytes but shape "
                        + tensor.shapeText() + " of " + dtypeName + " needs " + expected);
            }
            spans[order.size()] = offsets;
            order.add(name);
            tensors.put(name, tensor);
        }
        requireNoOverlap(file, order, spans);
        return tensors;
    }

    private static void requireNoOverlap(Path file, List<String> names, long[][] spans) throws IOException {
        List<Integer> byStart = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            byStart.add(i);
        }
        byStart.sort(Comparator.comparingLong(i -> spans[i][0]));
        for (int k = 1; k < byStart.size(); k++) {
            int previous = byStart.get(k - 1);
            int current = byStart.get(k);
            if (spans[current][0] < spans[previous][1]) {
                throw new IOException(file + ": tensor '" + names.get(current) + "' overlaps tensor '"
                        + names.get(previous) + "' (data_offsets " + spans[current][0] + " < " + spans[previous][1] + ")");
            }
        }
    }

    private static long[] longs(JsonNode node, String what) throws IOException {
        if (node == null || !node.isArray()) {
            throw new IOException(what + " must be an array of integers");
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode value = node.get(i);
            if (!value.canConvertToExactIntegral() || value.asLong() < 0) {
                throw new IOException(what + " must hold non-negative integers, got " + value);
            }
            out[i] = value.asLong();
        }
        return out;
    }

    /** The tensor's values widened (or narrowed, for F64) to float32. */
    public static float[] readFloats(SafetensorsTensor tensor) throws IOException {
        if (tensor.dtype() == null) {
            throw new IOException(tensor.file() + ": tensor '" + tensor.name() + "' has dtype " + tensor.dtypeName()
                    + "; a model weight must be F32, F16 or BF16");
        }
        if (tensor.length() > Integer.MAX_VALUE) {
            throw new IOException(tensor.file() + ": tensor '" + tensor.name() + "' is larger than 2 GiB");
        }
        try (FileChannel channel = FileChannel.open(tensor.file(), StandardOpenOption.READ)) {
            if (channel.size() < tensor.begin() + tensor.length()) {
                throw new IOException(tensor.file() + ": tensor '" + tensor.name() + "' lies past the end of the file");
            }
            MappedByteBuffer mapped = channel.map(FileChannel.MapMode.READ_ONLY, tensor.begin(), tensor.length());
            mapped.order(ByteOrder.LITTLE_ENDIAN);
            float[] values = new float[Math.toIntExact(tensor.elementCount())];
            tensor.dtype().readInto(mapped, values);
            return values;
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }
}
