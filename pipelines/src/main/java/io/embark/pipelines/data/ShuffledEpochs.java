package io.embark.pipelines.data;

import io.embark.pipelines.train.EpochData;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.rand;

/**
 * Training minibatches reshuffled every epoch: rows are redistributed over {@code partitions} by a random key
 * seeded with {@code seed + epoch} and sorted by it within each partition, then batched on the executors. The
 * same seed gives the same batches. The source should be cached by the caller (it is read once per epoch).
 */
public final class ShuffledEpochs implements EpochData {
    private static final String KEY = "__shuffle";

    private final Dataset<Row> rows;
    private final BatchLayout layout;
    private final int batchSize;
    private final int partitions;
    private final long seed;
    private final long count;

    /** Epochs over {@code rows} (with {@code count} rows) in {@code partitions} partitions. */
    public ShuffledEpochs(Dataset<Row> rows, long count, BatchLayout layout, int batchSize, int partitions, long seed) {
        this.rows = rows.select(java.util.Arrays.stream(layout.allColumns()).map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));
        this.count = count;
        this.layout = layout;
        this.batchSize = batchSize;
        this.partitions = partitions;
        this.seed = seed;
    }

    @Override
    public JavaRDD<MultiDataSet> forEpoch(int epoch) {
        Dataset<Row> shuffled = rows.withColumn(KEY, rand(seed + epoch))
                .repartition(partitions, col(KEY))
                .sortWithinPartitions(KEY)
                .drop(KEY);
        return MultiDataSetBatcher.batches(shuffled, layout, batchSize);
    }

    @Override
    public long rows() {
        return count;
    }
}
