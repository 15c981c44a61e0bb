package org.ktoworkbench.model.store;

/** What an import tells its caller as it goes, and how the caller stops it (nothing is then imported). */
public interface ImportProgress {
    ImportProgress NONE = new ImportProgress() {
        @Override
        public void reading(long bytesRead, long totalBytes) {
        }

        @Override
        public void committing() {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }
    };

    /** About once per MiB while the file is read, validated and its rows inserted. */
    void reading(long bytesRead, long totalBytes);

    /** The rows and their full-text index are written; the import commits (writes them into the workspace file). */
    void committing();

    /** Asked between chunks of the file and before the import commits. */
    boolean isCancelled();
}
