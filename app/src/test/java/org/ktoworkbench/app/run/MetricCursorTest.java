package org.ktoworkbench.app.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ktoworkbench.model.store.RunStore;
import org.ktoworkbench.model.store.Workspace;

class MetricCursorTest {
    @TempDir
    Path dir;

    @Test
    void readsEachPointOnceEvenWhenAStepGrowsLater() {
        try (Workspace ws = Workspace.open(dir)) {
            RunStore runs = ws.runs();
            long id = runs.createRun("r", "kto", "d", "{}", null);
            MetricCursor cursor = new MetricCursor(runs, id);
            runs.appendMetrics(id, 1, Map.of("loss", 0.7));
            runs.appendMetrics(id, 2, Map.of("loss", 0.6));
            Map<Long, Map<String, Double>> first = cursor.next();
            assertEquals(List.of(1L, 2L), List.copyOf(first.keySet()));
            assertTrue(cursor.next().isEmpty(), "nothing new");
            runs.appendMetrics(id, 2, Map.of("eval/winrate", 0.55));
            runs.appendMetrics(id, 3, Map.of("loss", 0.5));
            Map<Long, Map<String, Double>> second = cursor.next();
            assertEquals(Map.of("eval/winrate", 0.55), second.get(2L));
            assertEquals(Map.of("loss", 0.5), second.get(3L));
            assertEquals(2, second.size());
        }
    }
}
