package io.embark.transformers.stats;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Encoder;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Aggregator;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udaf;

/**
 * Runs {@link ColumnMoments} as a Spark aggregate function, so that the moments of many columns come out of one
 * {@code Dataset.agg(...)} call: one scan, partial results merged across partitions by Spark.
 *
 * <pre>{@code
 * Row r = df.agg(MomentsAggregator.of("Sales"), MomentsAggregator.of("Customers")).first();
 * ColumnMoments sales = MomentsAggregator.read(r.getStruct(0));
 * }</pre>
 */
public final class MomentsAggregator extends Aggregator<Double, ColumnMoments, ColumnMoments> {
    private static final long serialVersionUID = 1L;
    private static final MomentsAggregator INSTANCE = new MomentsAggregator();

    private MomentsAggregator() {
    }

    /** The aggregate column computing the moments of {@code column}, cast to double. */
    public static Column of(String column) {
        return udaf(INSTANCE, Encoders.DOUBLE()).apply(col(column).cast("double"));
    }

    /** Rebuilds the accumulator from the struct an {@link #of} column produced. */
    public static ColumnMoments read(Row struct) {
        ColumnMoments m = new ColumnMoments();
        m.setCount(struct.getLong(struct.fieldIndex("count")));
        m.setMean(struct.getDouble(struct.fieldIndex("mean")));
        m.setM2(struct.getDouble(struct.fieldIndex("m2")));
        m.setMissing(struct.getLong(struct.fieldIndex("missing")));
        m.setInfinite(struct.getLong(struct.fieldIndex("infinite")));
        return m;
    }

    @Override
    public ColumnMoments zero() {
        return new ColumnMoments();
    }

    @Override
    public ColumnMoments reduce(ColumnMoments buffer, Double value) {
        return buffer.add(value);
    }

    @Override
    public ColumnMoments merge(ColumnMoments left, ColumnMoments right) {
        return left.merge(right);
    }

    @Override
    public ColumnMoments finish(ColumnMoments reduction) {
        return reduction;
    }

    @Override
    public Encoder<ColumnMoments> bufferEncoder() {
        return Encoders.bean(ColumnMoments.class);
    }

    @Override
    public Encoder<ColumnMoments> outputEncoder() {
        return Encoders.bean(ColumnMoments.class);
    }
}
