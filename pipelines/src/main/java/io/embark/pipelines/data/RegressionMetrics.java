package io.embark.pipelines.data;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.pow;

/**
 * Mean squared error and its root (and, for log targets, fastai's exp-RMSPE), aggregated on the executors in
 * one Spark job.
 */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    /** {@code {prefix_rmse, prefix_mse}} of {@code prediction} against {@code label}. */
    public static Map<String, Double> of(Dataset<Row> scored, String label, Column prediction, String prefix) {
        Row r = scored.agg(avg(pow(col(label).minus(prediction), 2)), count(col(label))).first();
        if (r.getLong(1) == 0) {
            throw new IllegalArgumentException("cannot measure " + prefix + " error on an empty set");
        }
        double mse = r.getDouble(0);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "_rmse", Math.sqrt(mse));
        m.put(prefix + "_mse", mse);
        return m;
    }

    /**
     * {@code {prefix_rmse, prefix_mse, prefix_exp_rmspe}} of {@code prediction} against a log-scale {@code label}:
     * RMSE and MSE on the log scale, and fastai's {@code exp_rmspe = sqrt(mean(((exp(t) - exp(p)) / exp(t))^2))},
     * the root mean squared percentage error of the back-transformed values. One Spark job.
     */
    public static Map<String, Double> ofLogTarget(Dataset<Row> scored, String label, Column prediction, String prefix) {
        Column t = col(label);
        Column pct = exp(t).minus(exp(prediction)).divide(exp(t));
        Row r = scored.agg(avg(pow(t.minus(prediction), 2)), avg(pow(pct, 2)), count(t)).first();
        if (r.getLong(2) == 0) {
            throw new IllegalArgumentException("cannot measure " + prefix + " error on an empty set");
        }
        double mse = r.getDouble(0);
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(prefix + "_rmse", Math.sqrt(mse));
        m.put(prefix + "_mse", mse);
        m.put(prefix + "_exp_rmspe", Math.sqrt(r.getDouble(1)));
        return m;
    }
}
