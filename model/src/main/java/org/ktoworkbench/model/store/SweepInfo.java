package org.ktoworkbench.model.store;

import java.time.Instant;

/** A stored sweep; {@code specJson} is its definition as {@code sweep.SweepSpec} writes it. */
public record SweepInfo(long id, String name, String specJson, SweepStatus status, Instant createdAt, Instant updatedAt) {}
