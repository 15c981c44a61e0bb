package org.ktoworkbench.model.store;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Second process for {@link ConcurrentProcessTest}: opens a workspace and logs metrics for a run of its own. */
public final class ConcurrentWriterMain {
    private ConcurrentWriterMain() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int steps = Integer.parseInt(args[1]);
        try (Workspace ws = Workspace.open(dir)) {
            long run = ws.runs().createRun("child", "kto", null, "{}", null);
            ws.runs().setStatus(run, RunStatus.RUNNING, null);
            for (int step = 1; step <= steps; step++) {
                Map<String, Double> values = new LinkedHashMap<>();
                for (int k = 0; k < 10; k++) {
                    values.put("m" + k, (double) step);
                }
                ws.runs().appendMetrics(run, step, values);
                if (step % 50 == 0) {
                    Thread.sleep(5);
                }
            }
            ws.runs().setStatus(run, RunStatus.COMPLETED, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        System.out.println("child done");
    }
}
