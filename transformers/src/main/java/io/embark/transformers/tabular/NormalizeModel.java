package io.embark.transformers.tabular;

import io.embark.transformers.persist.ModelDataReader;
import io.embark.transformers.persist.ModelDataWriter;
import io.embark.transformers.persist.StageIdentity;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * A fitted {@link Normalize}: appends {@code (x - mean) / (std + 1e-7)} per input column as a double column,
 * with the training mean and population standard deviation. A column expression, no UDF; rows are never dropped.
 */
public final class NormalizeModel extends Model<NormalizeModel> implements NormalizeParams, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final double[] means;
    private final double[] stds;
    private final NormalizeParamSet paramSet;

    /** Creates an empty model; used only by persistence. */
    public NormalizeModel(String uid) {
        this(uid, new double[0], new double[0]);
    }

    /** Creates a model from per-column training means and population standard deviations. */
    public NormalizeModel(String uid, double[] means, double[] stds) {
        if (means.length != stds.length) {
            throw new IllegalArgumentException("means and stds differ in length");
        }
        this.uid = uid;
        this.means = means.clone();
        this.stds = stds.clone();
        this.paramSet = new NormalizeParamSet(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public StringArrayParam inputCols() {
        return paramSet.inputCols;
    }

    @Override
    public StringArrayParam outputCols() {
        return paramSet.outputCols;
    }

    /** Sets the output columns, one per input. */
    public NormalizeModel setOutputCols(String[] value) {
        set(paramSet.outputCols, value);
        return this;
    }

    /** Training mean per input column. */
    public double[] means() {
        return means.clone();
    }

    /** Training population standard deviation per input column. */
    public double[] stds() {
        return stds.clone();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        StructType out = validateAndTransformSchema(schema);
        if (getInputCols().length != means.length) {
            throw new IllegalStateException("NormalizeModel: " + means.length + " statistics for "
                    + getInputCols().length + " input columns");
        }
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String[] in = getInputCols();
        String[] out = getOutputCols();
        List<Column> cols = new ArrayList<>();
        cols.add(col("*"));
        for (int i = 0; i < in.length; i++) {
            cols.add(col(in[i]).cast("double").minus(means[i]).divide(stds[i] + EPSILON).as(out[i]));
        }
        return dataset.select(cols.toArray(new Column[0]));
    }

    @Override
    public NormalizeModel copy(ParamMap extra) {
        return StageIdentity.copyModel(this, new NormalizeModel(uid, means, stds), extra);
    }

    @Override
    public MLWriter write() {
        List<Row> rows = new ArrayList<>();
        String[] in = getInputCols();
        for (int i = 0; i < in.length; i++) {
            rows.add(RowFactory.create(i, in[i], means[i], stds[i]));
        }
        return new ModelDataWriter(this, Normalize.FORMAT_VERSION, DATA_SCHEMA, rows);
    }

    /** Reader for saved models. */
    public static MLReader<NormalizeModel> read() {
        return new ModelDataReader<>(NormalizeModel.class, Normalize.FORMAT_VERSION, (uid, rows) -> new NormalizeModel(uid,
                rows.stream().mapToDouble(r -> r.getDouble(2)).toArray(),
                rows.stream().mapToDouble(r -> r.getDouble(3)).toArray()));
    }

    /** Loads a model saved with {@link #save}. */
    public static NormalizeModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "NormalizeModel: uid=" + uid + ", columns=" + Arrays.toString(getInputCols());
    }

    private static final StructType DATA_SCHEMA = new StructType()
            .add("position", DataTypes.IntegerType, false)
            .add("column", DataTypes.StringType, false)
            .add("mean", DataTypes.DoubleType, false)
            .add("std", DataTypes.DoubleType, false);
}
