package io.embark.transformers.persist;

import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.util.List;

/**
 * Saves a fitted model: its metadata (with the format version) and its data as one small Parquet file under
 * {@code data/}, one row per input column, each row starting with its {@code position} (int) so that
 * {@link ModelDataReader} restores the order.
 */
public final class ModelDataWriter extends MLWriter {
    private final Params model;
    private final int formatVersion;
    private final StructType schema;
    private final List<Row> rows;

    /** A writer for {@code model} whose data are {@code rows} of {@code schema}. */
    public ModelDataWriter(Params model, int formatVersion, StructType schema, List<Row> rows) {
        this.model = model;
        this.formatVersion = formatVersion;
        this.schema = schema;
        this.rows = List.copyOf(rows);
    }

    @Override
    public void saveImpl(String path) {
        StageMetadata.save(model, path, sc(), formatVersion);
        sparkSession().createDataFrame(rows, schema).coalesce(1).write().parquet(path + "/data");
    }
}
