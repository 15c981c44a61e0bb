package org.ktoworkbench.model.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.ktoworkbench.model.kto.BatchPosition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a run stands between steps: optimizer steps done and the next micro-batch. With the weights and the
 * optimizer's moments this is all a resumed run needs to continue exactly as it would have: shuffles come from the
 * seed and the epoch, sampling from the seed.
 */
public record TrainingState(long stepsDone, String nextBatch) {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    static final String FILE = "state.json";

    public TrainingState(long stepsDone, BatchPosition nextBatch) {
        this(stepsDone, nextBatch.toString());
    }

    public BatchPosition nextBatchPosition() {
        return BatchPosition.parse(nextBatch);
    }

    void write(Path dir) throws IOException {
        Files.writeString(dir.resolve(FILE), MAPPER.writeValueAsString(this));
    }

    static TrainingState read(Path dir) throws IOException {
        return MAPPER.readValue(dir.resolve(FILE).toFile(), TrainingState.class);
    }
}
