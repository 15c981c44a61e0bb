package org.ktoworkbench.model.sweep;

import java.io.IOException;
import java.nio.file.Path;

/** Starts a process that trains one point of a sweep ({@link SweepRunner#runPoint}), its output going to {@code log}. */
public interface PointWorkers {
    Process start(long sweepId, int pointIndex, Path log) throws IOException;
}
