package io.embark.transformers.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * A dataset's rows in Spark's internal form ({@link InternalRow}), as the result of its executed query plan, with
 * no conversion to external {@code Row} objects. The rows may be reused by Spark between calls: read the values
 * needed (copying strings with {@code UTF8String.clone()}) and keep no reference to a row. Every call first runs
 * {@link SparkInternals#verify()}.
 *
 * <pre>{@code
 * long nonNull = InternalRows.of(df.select("x")).filter(r -> !r.isNullAt(0)).count();
 * }</pre>
 */
public final class InternalRows {
    private InternalRows() {
    }

    /** The internal rows of {@code dataset} (its query is executed when the RDD is). */
    public static JavaRDD<InternalRow> of(Dataset<?> dataset) {
        SparkInternals.verify();
        return dataset.queryExecution().toRdd().toJavaRDD();
    }
}
