package org.ktoworkbench.model.store;

/** What an import tells its caller as it goes, and how the caller stops it (nothing is then imported). */
public interface ImportProgress {
    ImportProgress NONE = new ImportProgress() {
        @Override
        public void reading(long bytesRead, long totalBytes) {
        }

        @Override
        public void indexing() {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /** About once per MiB while the file is read, validated and its rows inserted. */
    void reading(long bytesRead, long totalBytes);

    /** The rows are in; the full-text index is being built (about as long again, with no finer progress). */
    void indexing();

    /** Asked between chunks of the file and before the import commits. */
    boolean isCancelled();
}
