package org.ktoworkbench.model.store;

/** Which side of a dataset's train/eval split a row is on. Rows of a dataset never split are all TRAIN. */
public enum Split {
    TRAIN, EVAL
}
