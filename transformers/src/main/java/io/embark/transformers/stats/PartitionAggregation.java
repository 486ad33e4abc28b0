package io.embark.transformers.stats;

import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.InternalRow;

import java.io.Serializable;

/**
 * Runs plain-Java accumulators over a projection of a dataset in one distributed pass: each partition folds its
 * rows into a fresh accumulator (reading Spark's internal rows directly, with no conversion to external objects),
 * and the partial results are merged in a tree on the executors, so only one merged accumulator reaches the
 * driver. This is how the tabular stages learn their statistics.
 *
 * <pre>{@code
 * ColumnMoments[] m = PartitionAggregation.aggregate(df, new Column[] {col("x").cast("double")},
 *     () -> new ColumnMoments[] {new ColumnMoments()},
 *     (acc, row) -> { if (row.isNullAt(0)) acc[0].addMissing(); else acc[0].add(row.getDouble(0)); return acc; },
 *     (a, b) -> { a[0].merge(b[0]); return a; });
 * }</pre>
 */
public final class PartitionAggregation {
    private PartitionAggregation() {
    }

    /** Creates an empty accumulator. */
    @FunctionalInterface
    public interface Zero<A> extends Serializable {
        /** A new, empty accumulator. */
        A create();
    }

    /**
     * Folds every row of {@code dataset.select(projection)} into accumulators made by {@code zero} with
     * {@code add}, merges them with {@code merge}, and returns the result (the zero accumulator when the dataset
     * is empty). The functions run on the executors: they must not capture the calling stage.
     */
    public static <A extends Serializable> A aggregate(Dataset<?> dataset, Column[] projection, Zero<A> zero,
                                                       Function2<A, InternalRow, A> add, Function2<A, A, A> merge) {
        A empty = zero.create();
        return dataset.select(projection).queryExecution().toRdd().toJavaRDD()
                .treeAggregate(empty, add, merge, 2);
    }
}
