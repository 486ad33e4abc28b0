package io.embark.pipelines.tabular;

import io.embark.transformers.tabular.TabularFeatures;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Another model or reference scored on exactly the same prepared split inside a {@link TabularTraining} run (e.g.
 * Spark MLlib's gradient-boosted trees, a group median, a noise-free oracle), whose result goes into the same
 * {@code metrics.json} under {@link #name()}.
 */
public interface TabularPeer {
    /** Name of the peer's section in the metrics. */
    String name();

    /** What the peer is, for a printed summary (e.g. {@code Spark MLlib GBTRegressor}). */
    String description();

    /**
     * Fits (when it has anything to fit) on {@code train} and scores {@code valid} with the run's headline metric.
     *
     * @param train    the prepared training rows
     * @param valid    the prepared validation rows
     * @param features the feature columns the embark model consumes
     * @param target   the label column
     */
    Result run(Dataset<Row> train, Dataset<Row> valid, TabularFeatures features, String target);

    /** What a peer measured; serialised with Jackson as its {@code metrics.json} section. */
    interface Result {
        /** The peer's value of the run's headline validation metric (e.g. {@code valid_exp_rmspe}). */
        double validMetric();

        /** Seconds the peer spent fitting, or NaN when it fits nothing. */
        double fitSeconds();
    }
}
