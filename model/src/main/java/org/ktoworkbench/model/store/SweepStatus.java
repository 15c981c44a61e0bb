package org.ktoworkbench.model.store;

/** A sweep: ACTIVE (points left to train), PAUSED, CANCELLED, or COMPLETED (every point ended). */
public enum SweepStatus { ACTIVE, PAUSED, CANCELLED, COMPLETED }
