package org.ktoworkbench.app.run;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.ktoworkbench.model.store.MetricPoint;

/** Writes a run's metrics as CSV: one row per step, one column per metric, empty where a step lacks it. */
public final class MetricsCsv {
    private MetricsCsv() {
    }

    public static void write(List<MetricPoint> points, Path file) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        Map<Long, Map<String, Double>> rows = new TreeMap<>();
        for (MetricPoint p : points) {
            names.add(p.name());
            rows.computeIfAbsent(p.step(), s -> new TreeMap<>()).put(p.name(), p.value());
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer out = Files.newBufferedWriter(tmp)) {
            out.write("step");
            for (String name : names) {
                out.write(',');
                out.write(quote(name));
            }
            out.write('\n');
            for (Map.Entry<Long, Map<String, Double>> row : rows.entrySet()) {
                out.write(Long.toString(row.getKey()));
                for (String name : names) {
                    out.write(',');
                    Double v = row.getValue().get(name);
                    if (v != null) {
                        out.write(Double.toString(v));
                    }
                }
                out.write('\n');
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private static String quote(String s) {
        return s.contains(",") || s.contains("\"") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }
}
