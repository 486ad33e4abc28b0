package io.embark.pipelines.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

import static org.apache.spark.sql.functions.col;

/**
 * Turns a DataFrame into an RDD of DL4J {@link MultiDataSet} minibatches, built lazily inside each partition on
 * the executors (the last batch of a partition may be smaller). The driver never sees the rows.
 *
 * <pre>{@code
 * JavaRDD<MultiDataSet> batches = MultiDataSetBatcher.batches(encoded,
 *     BatchLayout.singleColumnInputs(new String[] {"user", "item"}, "rating"), 64);
 * }</pre>
 */
public final class MultiDataSetBatcher {
    private MultiDataSetBatcher() {
    }

    /** Minibatches of {@code batchSize} rows with features and labels laid out by {@code layout}. */
    public static JavaRDD<MultiDataSet> batches(Dataset<Row> data, BatchLayout layout, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (layout.labels().length == 0) {
            throw new IllegalArgumentException("training batches need label columns");
        }
        String[] names = layout.allColumns();
        Column[] cols = Arrays.stream(names).map(c -> col(c).cast("float").as(c)).toArray(Column[]::new);
        return data.select(cols).javaRDD().mapPartitions(new ToBatches(layout.widths(), names, batchSize));
    }

    /** Partition function: rows → minibatches; holds only plain values, never the caller. */
    private static final class ToBatches implements FlatMapFunction<Iterator<Row>, MultiDataSet> {
        private static final long serialVersionUID = 1L;
        private final int[] widths;
        private final String[] names;
        private final int batchSize;

        ToBatches(int[] widths, String[] names, int batchSize) {
            this.widths = widths;
            this.names = names;
            this.batchSize = batchSize;
        }

        @Override
        public Iterator<MultiDataSet> call(Iterator<Row> rows) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return rows.hasNext();
                }

                @Override
                public MultiDataSet next() {
                    if (!rows.hasNext()) {
                        throw new NoSuchElementException();
                    }
                    List<Row> block = new ArrayList<>(batchSize);
                    while (rows.hasNext() && block.size() < batchSize) {
                        block.add(rows.next());
                    }
                    INDArray[] arrays = RowBlock.pack(block, widths, names);
                    INDArray[] features = Arrays.copyOf(arrays, widths.length - 1);
                    return new org.nd4j.linalg.dataset.MultiDataSet(features, new INDArray[] {arrays[widths.length - 1]});
                }
            };
        }
    }
}
