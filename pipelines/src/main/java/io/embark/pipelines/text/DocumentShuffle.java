package io.embark.pipelines.text;

import io.embark.transformers.shared.SchemaChecks;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The per-epoch document order shared by {@link LanguageModelEpochs} and {@link ClassifierEpochs}, and the row
 * conversions they run on the executors. Each document gets the key {@code xxhash64(columns, seed, epoch)}; the
 * documents are hash-partitioned by it and sorted by it within each partition. The order therefore depends only
 * on the documents' contents, the seed and the epoch (not on how the input was partitioned or ordered), changes
 * every epoch, and is the same for the same seed. Documents with identical contents get the same key, and their
 * relative order does not matter since they are identical.
 */
final class DocumentShuffle {
    static final String KEY = "__doc_key";

    private DocumentShuffle() {
    }

    /** {@code docs} with only {@code columns}, redistributed over {@code partitions} and ordered for {@code epoch}. */
    static Dataset<Row> forEpoch(Dataset<Row> docs, String[] columns, int partitions, long seed, int epoch) {
        Column[] keyed = new Column[columns.length + 2];
        Column[] selected = new Column[columns.length];
        for (int i = 0; i < columns.length; i++) {
            keyed[i] = col(columns[i]);
            selected[i] = col(columns[i]);
        }
        keyed[columns.length] = lit(seed);
        keyed[columns.length + 1] = lit(epoch);
        return docs.select(selected)
                .withColumn(KEY, xxhash64(keyed))
                .repartition(partitions, col(KEY))
                .sortWithinPartitions(KEY)
                .drop(KEY);
    }

    /** Fails unless {@code idsCol} is an {@code array<int>} column of {@code schema}. */
    static void requireIds(String stage, StructType schema, String idsCol) {
        SchemaChecks.requireType(stage, SchemaChecks.requireColumn(stage, schema, idsCol),
                t -> t instanceof ArrayType && ((ArrayType) t).elementType() instanceof IntegerType,
                "array<int> (token ids, e.g. from NumericalizeModel)");
    }

    /** Fails unless {@code labelCol} is a numeric column of {@code schema}. */
    static void requireLabel(String stage, StructType schema, String labelCol) {
        SchemaChecks.requireType(stage, SchemaChecks.requireColumn(stage, schema, labelCol),
                t -> t instanceof NumericType, "numeric (a class index in [0, numClasses))");
    }

    static void requirePositive(String what, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(what + " must be at least 1, got " + value);
        }
    }

    /** The ids in field {@code i} of {@code row}; null ids are an error naming the column. */
    static int[] ids(Row row, int i, String column) {
        if (row.isNullAt(i)) {
            throw new IllegalArgumentException("null in column '" + column + "': drop or fill missing documents "
                    + "before batching");
        }
        List<Integer> list = row.getList(i);
        int[] ids = new int[list.size()];
        for (int k = 0; k < ids.length; k++) {
            Integer id = list.get(k);
            if (id == null) {
                throw new IllegalArgumentException("null token id in column '" + column + "'");
            }
            ids[k] = id;
        }
        return ids;
    }

    /** The class index in field {@code i} of {@code row}: an integral number. */
    static int label(Row row, int i, String column) {
        if (row.isNullAt(i)) {
            throw new IllegalArgumentException("null in label column '" + column + "'");
        }
        double v = ((Number) row.get(i)).doubleValue();
        if (v != Math.rint(v) || Math.abs(v) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("label " + v + " in column '" + column + "' is not a class index");
        }
        return (int) v;
    }

    /** One-input, one-output {@link MultiDataSet} view of {@code ds}, masks included. */
    static MultiDataSet toMulti(DataSet ds) {
        INDArray fm = ds.getFeaturesMaskArray();
        INDArray lm = ds.getLabelsMaskArray();
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {ds.getFeatures()},
                new INDArray[] {ds.getLabels()}, fm == null ? null : new INDArray[] {fm},
                lm == null ? null : new INDArray[] {lm});
    }
}
