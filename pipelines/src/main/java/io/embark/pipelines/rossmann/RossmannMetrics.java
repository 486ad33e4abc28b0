package io.embark.pipelines.rossmann;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pow;

/**
 * The competition's metric on generated data, aggregated on the executors in one Spark job: root mean squared
 * percentage error over the rows with {@code Sales > 0} (the recipe drops the others), and the oracle's score,
 * which predicts each row's noise-free {@code ExpectedSales}: the floor no model can beat on that data.
 */
public final class RossmannMetrics {
    private RossmannMetrics() {
    }

    /**
     * {@code sqrt(mean(((actual − predicted) / actual)²))} over the rows with {@code actual > 0}; with
     * {@code predicted = exp(p)} and {@code actual = exp(t)} this is fastai's {@code exp_rmspe} on log targets.
     *
     * @throws IllegalArgumentException when no row has {@code actual > 0}
     */
    public static double rmspe(Dataset<Row> rows, String actual, Column predicted) {
        Row r = rows.where(col(actual).gt(0))
                .agg(avg(pow(col(actual).minus(predicted).divide(col(actual)), 2)), count(lit(1))).first();
        if (r.getLong(1) == 0) {
            throw new IllegalArgumentException("cannot measure RMSPE: no row with " + actual + " > 0");
        }
        return Math.sqrt(r.getDouble(0));
    }

    /** The oracle's exp-RMSPE: {@link RossmannGenerator#EXPECTED_SALES} against {@link RossmannGenerator#SALES}. */
    public static double oracleRmspe(Dataset<Row> generated) {
        return rmspe(generated, RossmannGenerator.SALES, col(RossmannGenerator.EXPECTED_SALES));
    }

    /** The rows of the last {@code weeks} weeks by date (the recipe's validation split: 6 weeks). */
    public static Dataset<Row> lastWeeks(Dataset<Row> generated, int weeks) {
        if (weeks < 1) {
            throw new IllegalArgumentException("weeks must be >= 1, got " + weeks);
        }
        Row last = generated.agg(max(col(RossmannGenerator.DATE))).first();
        if (last.isNullAt(0)) {
            throw new IllegalArgumentException("no rows: no last weeks");
        }
        return generated.where(col(RossmannGenerator.DATE).gt(date_sub(lit(last.getDate(0)), 7 * weeks)));
    }
}
