package io.embark.transformers.persist;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.sql.Row;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Loads a model saved by {@link ModelDataWriter}: reads the data rows in {@code position} order, builds the model
 * from its uid and rows, then sets the saved params after checking the class and format version.
 *
 * @param <T> the model type
 */
public final class ModelDataReader<T extends Params> extends MLReader<T> {
    private final Class<T> type;
    private final int maxFormatVersion;
    private final BiFunction<String, List<Row>, T> build;

    /** A reader for {@code type}, building models with {@code build(uid, rows)}. */
    public ModelDataReader(Class<T> type, int maxFormatVersion, BiFunction<String, List<Row>, T> build) {
        this.type = type;
        this.maxFormatVersion = maxFormatVersion;
        this.build = build;
    }

    @Override
    public T load(String path) {
        String uid = StageMetadata.uid(path, sc(), type);
        List<Row> rows = sparkSession().read().parquet(path + "/data").orderBy("position").collectAsList();
        T model = build.apply(uid, rows);
        StageMetadata.loadInto(model, path, sc(), type, maxFormatVersion);
        return model;
    }
}
