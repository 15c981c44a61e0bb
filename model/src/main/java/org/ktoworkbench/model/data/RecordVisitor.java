package org.ktoworkbench.model.data;

/** Receives what a {@link RecordReader} finds, in file order. */
public interface RecordVisitor {
    void record(SourceRecord record);

    /** A problem confined to one line or record; reading goes on. */
    void error(DataError error);

    /** A problem that stops reading (the file as a whole does not parse); nothing may be imported. */
    void fatal(DataError error);
}
