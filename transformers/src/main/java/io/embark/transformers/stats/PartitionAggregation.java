package io.embark.transformers.stats;

import io.embark.transformers.spark.InternalRows;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.InternalRow;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs plain-Java accumulators over a projection of a dataset in one distributed pass: each partition folds its
 * rows into a fresh accumulator (reading Spark's internal rows directly, with no conversion to external objects),
 * and the partial results are merged in a tree on the executors, so only one merged accumulator reaches the
 * driver. This is how the tabular stages learn their statistics.
 *
 * <pre>{@code
 * List<ColumnMoments> m = PartitionAggregation.perColumn(df, new Column[] {col("x").cast("double")},
 *     column -> new ColumnMoments(),
 *     (acc, row, i) -> { if (row.isNullAt(i)) acc.addMissing(); else acc.add(row.getDouble(i)); },
 *     ColumnMoments::merge);
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
        return InternalRows.of(dataset.select(projection)).treeAggregate(empty, add, merge, 2);
    }

    /** Creates the empty accumulator of one column. */
    @FunctionalInterface
    public interface ColumnZero<A> extends Serializable {
        /** A new, empty accumulator for column {@code column} of the projection. */
        A create(int column);
    }

    /** Folds value {@code column} of {@code row} into {@code accumulator}. */
    @FunctionalInterface
    public interface ColumnAdd<A> extends Serializable {
        /** Absorbs one value. */
        void add(A accumulator, InternalRow row, int column);
    }

    /** Folds {@code from} into {@code into}. */
    @FunctionalInterface
    public interface Merge<A> extends Serializable {
        /** Merges two partial results of the same column. */
        void merge(A into, A from);
    }

    /**
     * One accumulator per column of {@code projection}, all filled in the same single pass: {@code add} receives
     * each row once per column, with the column's index. Returns them in column order.
     */
    public static <A extends Serializable> List<A> perColumn(Dataset<?> dataset, Column[] projection, ColumnZero<A> zero,
                                                            ColumnAdd<A> add, Merge<A> merge) {
        int n = projection.length;
        return aggregate(dataset, projection, () -> {
            ArrayList<A> accumulators = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                accumulators.add(zero.create(i));
            }
            return accumulators;
        }, (accumulators, row) -> {
            for (int i = 0; i < n; i++) {
                add.add(accumulators.get(i), row, i);
            }
            return accumulators;
        }, (left, right) -> {
            for (int i = 0; i < n; i++) {
                merge.merge(left.get(i), right.get(i));
            }
            return left;
        });
    }
}
