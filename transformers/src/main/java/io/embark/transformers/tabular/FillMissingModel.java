package io.embark.transformers.tabular;

import io.embark.transformers.persist.ModelDataReader;
import io.embark.transformers.persist.ModelDataWriter;
import io.embark.transformers.persist.StageIdentity;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.Param;
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
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * A fitted {@link FillMissing}: writes each input with null and NaN replaced by the learned fill value (double
 * columns) and, for the columns that had missing values in training, a boolean {@code <col>_na} indicator, on
 * every split. Rows are never dropped.
 *
 * <p>A column that was complete in training but has missing values here is, by default, an error naming the
 * column and the count (as in fastai); that check runs one aggregation over those columns when
 * {@link #transform} is called. With {@code unexpectedMissing = fill} they are filled without an indicator.
 */
public final class FillMissingModel extends Model<FillMissingModel> implements FillMissingParams, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final double[] fills;
    private final boolean[] hadMissing;
    private final FillMissingParamSet paramSet;

    /** Creates an empty model; used only by persistence. */
    public FillMissingModel(String uid) {
        this(uid, new double[0], new boolean[0]);
    }

    /** Creates a model from per-column fill values and whether each column had missing values in training. */
    public FillMissingModel(String uid, double[] fills, boolean[] hadMissing) {
        if (fills.length != hadMissing.length) {
            throw new IllegalArgumentException("fills and hadMissing differ in length");
        }
        this.uid = uid;
        this.fills = fills.clone();
        this.hadMissing = hadMissing.clone();
        this.paramSet = new FillMissingParamSet(this);
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

    @Override
    public Param<String> strategy() {
        return paramSet.strategy;
    }

    @Override
    public DoubleParam fillValue() {
        return paramSet.fillValue;
    }

    @Override
    public DoubleParam relativeError() {
        return paramSet.relativeError;
    }

    @Override
    public Param<String> unexpectedMissing() {
        return paramSet.unexpectedMissing;
    }

    /** Sets the policy for missing values in columns complete in training: error or fill. */
    public FillMissingModel setUnexpectedMissing(String value) {
        set(paramSet.unexpectedMissing, value);
        return this;
    }

    /** The learned fill value per input column. */
    public double[] fillValues() {
        return fills.clone();
    }

    /** The input columns that had missing values in training (and so get a {@code _na} indicator). */
    public List<String> indicatorInputs() {
        List<String> out = new ArrayList<>();
        String[] in = getInputCols();
        for (int i = 0; i < in.length; i++) {
            if (hadMissing[i]) {
                out.add(in[i]);
            }
        }
        return out;
    }

    /** Names of the indicator columns this model adds. */
    public List<String> indicatorCols() {
        return indicatorInputs().stream().map(c -> c + INDICATOR_SUFFIX).toList();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (getInputCols().length != fills.length) {
            throw new IllegalStateException("FillMissingModel: " + fills.length + " fill values for "
                    + getInputCols().length + " input columns");
        }
        return validateAndTransformSchema(schema, indicatorInputs());
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String[] in = getInputCols();
        String[] out = getOutputCols();
        if (getUnexpectedMissing().equals("error")) {
            checkNoUnexpectedMissing(dataset, in);
        }
        List<Column> cols = new ArrayList<>();
        cols.add(col("*"));
        for (int i = 0; i < in.length; i++) {
            cols.add(when(MissingValues.isMissing(in[i]), lit(fills[i])).otherwise(col(in[i]).cast("double")).as(out[i]));
        }
        for (String c : indicatorInputs()) {
            cols.add(MissingValues.isMissing(c).as(c + INDICATOR_SUFFIX));
        }
        return dataset.select(cols.toArray(new Column[0]));
    }

    private void checkNoUnexpectedMissing(Dataset<?> dataset, String[] in) {
        List<String> complete = new ArrayList<>();
        List<Column> counts = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (!hadMissing[i]) {
                complete.add(in[i]);
                counts.add(sum(when(MissingValues.isMissing(in[i]), lit(1L)).otherwise(lit(0L))));
            }
        }
        if (complete.isEmpty()) {
            return;
        }
        Row r = dataset.agg(counts.get(0), counts.subList(1, counts.size()).toArray(new Column[0])).first();
        for (int k = 0; k < complete.size(); k++) {
            long n = r.isNullAt(k) ? 0 : r.getLong(k);
            if (n > 0) {
                throw new IllegalArgumentException("FillMissing: column '" + complete.get(k) + "' had no missing values "
                        + "in training but has " + n + " here; set unexpectedMissing to 'fill' to fill them with the "
                        + "learned value (without an indicator)");
            }
        }
    }

    @Override
    public FillMissingModel copy(ParamMap extra) {
        return StageIdentity.copyModel(this, new FillMissingModel(uid, fills, hadMissing), extra);
    }

    @Override
    public MLWriter write() {
        List<Row> rows = new ArrayList<>();
        String[] in = getInputCols();
        for (int i = 0; i < in.length; i++) {
            rows.add(RowFactory.create(i, in[i], fills[i], hadMissing[i]));
        }
        return new ModelDataWriter(this, FillMissing.FORMAT_VERSION, DATA_SCHEMA, rows);
    }

    /** Reader for saved models. */
    public static MLReader<FillMissingModel> read() {
        return new ModelDataReader<>(FillMissingModel.class, FillMissing.FORMAT_VERSION, (uid, rows) -> {
            boolean[] had = new boolean[rows.size()];
            for (int i = 0; i < had.length; i++) {
                had[i] = rows.get(i).getBoolean(3);
            }
            return new FillMissingModel(uid, rows.stream().mapToDouble(r -> r.getDouble(2)).toArray(), had);
        });
    }

    /** Loads a model saved with {@link #save}. */
    public static FillMissingModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "FillMissingModel: uid=" + uid + ", columns=" + Arrays.toString(getInputCols())
                + ", indicators=" + indicatorCols();
    }

    private static final StructType DATA_SCHEMA = new StructType()
            .add("position", DataTypes.IntegerType, false)
            .add("column", DataTypes.StringType, false)
            .add("fill", DataTypes.DoubleType, false)
            .add("hadMissing", DataTypes.BooleanType, false);
}
