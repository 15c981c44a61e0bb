package org.ktoworkbench.model.train;

/** A run config that cannot be read; the message names the file and field. */
public class RunConfigException extends RuntimeException {
    public RunConfigException(String message) {
        super(message);
    }
}
