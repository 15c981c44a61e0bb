package org.ktoworkbench.model.train;

import org.ktoworkbench.model.io.ExportFile;
import org.ktoworkbench.model.store.MetricPoint;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** A run's metrics as CSV: a {@code step} column, then one column per metric name (sorted); blank where absent. */
public final class MetricsCsv {
    private MetricsCsv() {}

    /**
     * Writes through {@link ExportFile}: an existing file is replaced only when {@code replace}, a symbolic link never.
     *
     * @return the number of step rows written
     */
    public static int write(List<MetricPoint> points, Path file, boolean replace) throws IOException {
        TreeSet<String> names = new TreeSet<>();
        Map<Long, Map<String, Double>> byStep = new TreeMap<>();
        for (MetricPoint p : points) {
            names.add(p.name());
            byStep.computeIfAbsent(p.step(), s -> new TreeMap<>()).put(p.name(), p.value());
        }
        List<String> columns = new ArrayList<>(names);
        return ExportFile.write(file, replace, stream -> {
            Writer out = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
            out.write("step");
            for (String c : columns) out.write("," + c);
            out.write("\n");
            for (Map.Entry<Long, Map<String, Double>> row : byStep.entrySet()) {
                out.write(Long.toString(row.getKey()));
                for (String c : columns) {
                    Double v = row.getValue().get(c);
                    out.write("," + (v == null ? "" : Double.toString(v)));
                }
                out.write("\n");
            }
            out.flush();
            return byStep.size();
        });
    }
}
