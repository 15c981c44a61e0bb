package org.ktoworkbench.model.store;

import org.ktoworkbench.model.data.DataError;

import java.util.List;

/** A finished import: the stored dataset and, in lenient mode, the rows skipped (up to a bound) and their count. */
public record ImportReport(DatasetInfo dataset, List<DataError> skipped, long skippedCount) {
}
