package org.ktoworkbench.model.store;

import org.ktoworkbench.model.data.DataError;

import java.util.List;

/**
 * A finished import: the stored dataset, the shape its rows were read in ({@link
 * org.ktoworkbench.model.data.DatasetReader.Result#shape()}) and, in lenient mode, the rows skipped (up to a
 * bound) and their count.
 */
public record ImportReport(DatasetInfo dataset, String shape, List<DataError> skipped, long skippedCount) {
}
