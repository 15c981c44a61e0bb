package org.ktoworkbench.model.text;

import java.util.Collection;
import java.util.Map;

/**
 * JSON as Python's {@code json.dumps(value, ensure_ascii=False)} writes it, which transformers' {@code tojson} filter
 * uses: {@code ", "} and {@code ": "} separators, non-ASCII kept, and with an indent one item a line.
 */
final class PythonJson {
    private PythonJson() {}

    static String dumps(Object value, Integer indent) {
        StringBuilder out = new StringBuilder();
        write(out, value, indent, 0);
        return out.toString();
    }

    private static void write(StringBuilder out, Object value, Integer indent, int depth) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof CharSequence s) {
            string(out, s.toString());
        } else if (value instanceof Boolean || value instanceof Number) {
            out.append(number(value));
        } else if (value instanceof Map<?, ?> map) {
            container(out, '{', '}', map.entrySet(), indent, depth, (o, e) -> {
                string(o, String.valueOf(((Map.Entry<?, ?>) e).getKey()));
                o.append(": ");
                write(o, ((Map.Entry<?, ?>) e).getValue(), indent, depth + 1);
            });
        } else if (value instanceof Collection<?> list) {
            container(out, '[', ']', list, indent, depth, (o, item) -> write(o, item, indent, depth + 1));
        } else if (value instanceof Object[] array) {
            write(out, java.util.List.of(array), indent, depth);
        } else {
            string(out, value.toString());
        }
    }

    private interface ItemWriter {
        void write(StringBuilder out, Object item);
    }

    private static void container(StringBuilder out, char open, char close, Collection<?> items, Integer indent, int depth, ItemWriter writer) {
        out.append(open);
        if (items.isEmpty()) {
            out.append(close);
            return;
        }
        boolean first = true;
        for (Object item : items) {
            if (!first) out.append(indent == null ? ", " : ",");
            if (indent != null) out.append('\n').append(" ".repeat(indent * (depth + 1)));
            writer.write(out, item);
            first = false;
        }
        if (indent != null) out.append('\n').append(" ".repeat(indent * depth));
        out.append(close);
    }

    private static String number(Object value) {
        if (value instanceof Boolean b) return b ? "true" : "false";
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) return String.valueOf(d); // 1.0 as Python
        return value.toString();
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }
}
