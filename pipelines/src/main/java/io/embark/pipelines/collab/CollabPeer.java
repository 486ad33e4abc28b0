package io.embark.pipelines.collab;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Another model trained on exactly the same split inside a {@link CollabTraining} run (e.g. Spark ALS), whose
 * result goes into the same {@code metrics.json} (under {@link #name()}) and picture.
 */
public interface CollabPeer {
    /** Name of the peer's section in the metrics. */
    String name();

    /** Trains and evaluates on raw ratings ({@code userId, movieId, rating}). */
    Result run(Dataset<Row> train, Dataset<Row> valid);

    /** What a peer measured; serialised with Jackson as its {@code metrics.json} section. */
    interface Result {
        /** The peer's validation RMSE on the run's validation ratings. */
        double validRmse();
    }
}
