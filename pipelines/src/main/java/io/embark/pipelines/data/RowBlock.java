package io.embark.pipelines.data;

import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

/**
 * Packs a block of rows whose first columns follow a {@link BatchLayout} into float matrices: one per network
 * input, plus the labels. A null in a feature or label column is an error naming the column, because a
 * silently zero-filled feature would train on data that does not exist.
 */
final class RowBlock {
    private RowBlock() {
    }

    /** Returns {@code widths.length} matrices [rows, width] (the last one the labels, absent if width 0). */
    static INDArray[] pack(List<Row> rows, int[] widths, String[] columnNames) {
        int n = rows.size();
        float[][] buffers = new float[widths.length][];
        for (int k = 0; k < widths.length; k++) {
            buffers[k] = new float[n * widths[k]];
        }
        for (int r = 0; r < n; r++) {
            Row row = rows.get(r);
            int c = 0;
            for (int k = 0; k < widths.length; k++) {
                for (int j = 0; j < widths[k]; j++, c++) {
                    if (row.isNullAt(c)) {
                        throw new IllegalArgumentException("null in column '" + columnNames[c]
                                + "': fill or drop missing values before batching");
                    }
                    buffers[k][r * widths[k] + j] = ((Number) row.get(c)).floatValue();
                }
            }
        }
        INDArray[] out = new INDArray[widths.length];
        for (int k = 0; k < widths.length; k++) {
            out[k] = widths[k] == 0 ? null : Nd4j.create(buffers[k], new long[] {n, widths[k]}, 'c');
        }
        return out;
    }
}
