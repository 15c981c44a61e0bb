package org.ktoworkbench.model.store;

/** A workspace operation that failed; the message is meant for the user. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
