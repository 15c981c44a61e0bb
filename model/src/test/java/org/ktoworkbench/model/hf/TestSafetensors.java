package org.ktoworkbench.model.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tests' own safetensors writer and reader, independent of the main code. Values written must be
 * exactly representable in the dtype (the fixture draws multiples of 1/256 below 1 in magnitude), so
 * encoding needs no rounding.
 */
public final class TestSafetensors {
    static final ObjectMapper JSON = new ObjectMapper();

    public record Tensor(String dtype, long[] shape, double[] values) {}

    private TestSafetensors() {}

    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            long end = offset + (long) e.getValue().values().length * bytes(e.getValue().dtype());
            ObjectNode entry = header.putObject(e.getKey());
            entry.put("dtype", e.getValue().dtype());
            Arrays.stream(e.getValue().shape()).forEach(entry.putArray("shape")::add);
            entry.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        byte[] text = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        int padded = (text.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(text);
        for (int i = text.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Tensor t : tensors.values()) {
            for (double v : t.values()) {
                switch (t.dtype()) {
                    case "F64" -> out.putDouble(v);
                    case "F32" -> out.putFloat((float) v);
                    case "BF16" -> out.putShort((short) (Float.floatToIntBits((float) v) >>> 16));
                    case "F16" -> out.putShort(exactHalf((float) v));
                    default -> throw new IllegalArgumentException(t.dtype());
                }
            }
        }
        Files.write(file, out.array());
    }

    static int bytes(String dtype) {
        return switch (dtype) {
            case "F64" -> 8;
            case "F32" -> 4;
            default -> 2;
        };
    }

    /** Half bits of a normal (or zero) float that fits a half exactly. */
    private static short exactHalf(float v) {
        if (v == 0) {
            return 0;
        }
        int bits = Float.floatToIntBits(v);
        int sign = (bits >>> 16) & 0x8000;
        int exponent = ((bits >>> 23) & 0xff) - 127 + 15;
        if (exponent <= 0 || exponent >= 31 || (bits & 0x1fff) != 0) {
            throw new IllegalArgumentException(v + " is not exactly a normal half");
        }
        return (short) (sign | (exponent << 10) | ((bits & 0x7fffff) >>> 13));
    }

    private static double fromHalf(int h) {
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        double sign = (h & 0x8000) != 0 ? -1 : 1;
        if (exponent == 0) {
            return sign * mantissa * Math.pow(2, -24);
        }
        return sign * (1 + mantissa / 1024.0) * Math.pow(2, exponent - 15);
    }

    /** Every tensor of a single file, values as doubles. */
    public static Map<String, Tensor> read(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(in.getLong());
        JsonNode header = JSON.readTree(new String(in.array(), 8, headerLength, StandardCharsets.UTF_8));
        int dataStart = 8 + headerLength;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            String dtype = e.getValue().get("dtype").asText();
            long[] shape = new long[e.getValue().get("shape").size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = e.getValue().get("shape").get(i).asLong();
                count *= shape[i];
            }
            in.position(dataStart + e.getValue().get("data_offsets").get(0).asInt());
            double[] values = new double[Math.toIntExact(count)];
            for (int i = 0; i < values.length; i++) {
                values[i] = switch (dtype) {
                    case "F64" -> in.getDouble();
                    case "F32" -> in.getFloat();
                    case "BF16" -> Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
                    case "F16" -> fromHalf(in.getShort() & 0xffff);
                    default -> throw new IllegalArgumentException(dtype);
                };
            }
            out.put(e.getKey(), new Tensor(dtype, shape, values));
        }
        return out;
    }

    /** The raw data bytes of tensor {@code name} in a single file. */
    public static byte[] rawBytes(Path file, String name) throws IOException {
        byte[] all = Files.readAllBytes(file);
        ByteBuffer in = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = Math.toIntExact(in.getLong());
        JsonNode offsets = JSON.readTree(new String(all, 8, headerLength, StandardCharsets.UTF_8)).get(name)
                .get("data_offsets");
        return Arrays.copyOfRange(all, 8 + headerLength + offsets.get(0).asInt(), 8 + headerLength + offsets.get(1).asInt());
    }

    /** Tensors of a checkpoint folder, single file or sharded through the index's weight_map. */
    public static Map<String, Tensor> readCheckpoint(Path dir) throws IOException {
        Path index = dir.resolve("model.safetensors.index.json");
        if (!Files.exists(index)) {
            return read(dir.resolve("model.safetensors"));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        Map<String, Map<String, Tensor>> shards = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = JSON.readTree(index.toFile()).get("weight_map").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText();
            if (!shards.containsKey(shard)) {
                shards.put(shard, read(dir.resolve(shard)));
            }
            out.put(e.getKey(), shards.get(shard).get(e.getKey()));
        }
        return out;
    }
}
