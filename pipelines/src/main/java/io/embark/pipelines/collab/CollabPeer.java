package io.embark.pipelines.collab;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Map;

/**
 * Another model trained on exactly the same split inside a {@link CollabTraining} run (e.g. Spark ALS), whose
 * results go into the same {@code metrics.json} and picture.
 */
public interface CollabPeer {
    /** Name of the peer's section in the metrics. */
    String name();

    /**
     * Trains and evaluates on raw ratings ({@code userId, movieId, rating}).
     *
     * @return metrics; must contain {@code valid_rmse}
     */
    Map<String, Object> run(Dataset<Row> train, Dataset<Row> valid);
}
