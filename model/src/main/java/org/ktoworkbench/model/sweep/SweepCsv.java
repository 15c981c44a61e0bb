package org.ktoworkbench.model.sweep;

import java.util.ArrayList;
import java.util.List;

/** A sweep's results table as CSV (RFC 4180 quoting), one line per point: what {@code sweep show --csv} and the GUI write. */
public final class SweepCsv {
    private SweepCsv() {}

    public static String of(SweepResults results) {
        StringBuilder csv = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("point"));
        header.addAll(results.parameters());
        header.addAll(List.of("seed", "status", results.spec().metric(), "lower95", "upper95", "run_id", "note"));
        line(csv, header);
        for (SweepResults.Row r : results.rows()) {
            List<String> cells = new ArrayList<>(List.of(Integer.toString(r.number())));
            cells.addAll(r.values().values());
            cells.addAll(List.of(Long.toString(r.seed()), r.status(), text(r.metric()), text(r.lower()), text(r.upper()),
                    r.runId() == null ? "" : r.runId().toString(), r.note() == null ? "" : r.note()));
            line(csv, cells);
        }
        return csv.toString();
    }

    private static String text(Double v) {
        return v == null ? "" : Double.toString(v);
    }

    private static void line(StringBuilder csv, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            if (i > 0) csv.append(',');
            csv.append(c.contains(",") || c.contains("\"") || c.contains("\n") ? "\"" + c.replace("\"", "\"\"") + "\"" : c);
        }
        csv.append("\r\n");
    }
}
