package org.ktoworkbench.model.store;

/** An import stopped on request; its transaction rolled back, so the workspace is as it was. */
public final class ImportCancelledException extends StoreException {
    public ImportCancelledException(String file) {
        super(file + ": import cancelled; nothing was imported");
    }
}
