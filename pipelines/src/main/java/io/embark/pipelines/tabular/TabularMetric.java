package io.embark.pipelines.tabular;

import io.embark.pipelines.data.RegressionMetrics;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Map;

/** How a tabular regression is scored; every choice also reports RMSE and MSE of the target as given. */
public enum TabularMetric {
    /**
     * The target is the log of the quantity of interest (Rossmann: {@code log(Sales)}): reports fastai's
     * {@code exp_rmspe = sqrt(mean(((exp(t) - exp(p)) / exp(t))^2))}, plus RMSE and MSE of the log target.
     */
    EXP_RMSPE("exp_rmspe"),
    /** The target is scored as it is: RMSE and MSE. */
    RMSE("rmse");

    private final String suffix;

    TabularMetric(String suffix) {
        this.suffix = suffix;
    }

    /** The headline metric's name with {@code prefix}, e.g. {@code valid_exp_rmspe}. */
    public String name(String prefix) {
        return prefix + "_" + suffix;
    }

    /** The metrics of {@code prediction} against {@code label} on {@code scored}, named {@code prefix_*}; one Spark job. */
    public Map<String, Double> measure(Dataset<Row> scored, String label, Column prediction, String prefix) {
        return this == EXP_RMSPE ? RegressionMetrics.ofLogTarget(scored, label, prediction, prefix)
                : RegressionMetrics.of(scored, label, prediction, prefix);
    }
}
