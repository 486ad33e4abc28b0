package io.embark.transformers.tabular;

import io.embark.transformers.persist.ParamsOnlyReader;
import io.embark.transformers.persist.ParamsOnlyWriter;
import io.embark.transformers.persist.StageIdentity;
import io.embark.transformers.stats.ColumnMoments;
import io.embark.transformers.stats.PartitionAggregation;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

import static org.apache.spark.sql.functions.col;


/**
 * fastai's {@code Normalize} as a Spark ML estimator: learns each continuous column's mean and
 * <b>population</b> standard deviation on the training split, all columns in one aggregation (one scan), and
 * returns a {@link NormalizeModel} computing {@code (x - mean) / (std + 1e-7)} as double columns.
 *
 * <p>Null and NaN values are left out of the statistics and pass through (null stays null, NaN stays NaN):
 * fill them first with FillMissing, as fastai's processor order does. Infinite training values are an error, as
 * is a column without any finite training value.
 *
 * <pre>{@code
 * NormalizeModel m = new Normalize().setInputCols(new String[] {"CompetitionDistance", "Max_TemperatureC"}).fit(train);
 * Dataset<Row> scaled = m.transform(valid);   // CompetitionDistance_norm, Max_TemperatureC_norm
 * }</pre>
 */
public final class Normalize extends Estimator<NormalizeModel> implements NormalizeParams, MLWritable {
    private static final long serialVersionUID = 1L;
    static final int FORMAT_VERSION = 1;

    private final String uid;
    private final NormalizeParamSet paramSet;

    /** Creates an estimator with a random uid. */
    public Normalize() {
        this(StageIdentity.randomUid("normalize"));
    }

    /** Creates an estimator with the given uid (used by persistence). */
    public Normalize(String uid) {
        this.uid = uid;
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

    /** Sets the continuous columns to standardise. */
    public Normalize setInputCols(String[] value) {
        set(paramSet.inputCols, value);
        return this;
    }

    /** Sets the output columns, one per input. */
    public Normalize setOutputCols(String[] value) {
        set(paramSet.outputCols, value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return validateAndTransformSchema(schema);
    }

    @Override
    public NormalizeModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String[] in = getInputCols();
        ColumnMoments[] moments = momentsOf(dataset, in);
        double[] means = new double[in.length];
        double[] stds = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            if (moments[i].getInfinite() > 0) {
                throw new IllegalArgumentException("Normalize: column '" + in[i] + "' has " + moments[i].getInfinite()
                        + " infinite training values; clip or replace them before normalizing");
            }
            if (moments[i].getCount() == 0) {
                throw new IllegalArgumentException("Normalize: column '" + in[i]
                        + "' has no finite training value (empty data, or only null/NaN); cannot learn mean and std");
            }
            means[i] = moments[i].mean();
            stds[i] = moments[i].populationStd();
        }
        return StageIdentity.fittedBy(this, new NormalizeModel(uid, means, stds));
    }

    /** The moments of every column, from one pass over the data (see {@link PartitionAggregation}). */
    static ColumnMoments[] momentsOf(Dataset<?> dataset, String[] cols) {
        Column[] asDouble = new Column[cols.length];
        for (int i = 0; i < cols.length; i++) {
            asDouble[i] = col(cols[i]).cast("double");
        }
        return PartitionAggregation.perColumn(dataset, asDouble, column -> new ColumnMoments(), (moments, row, i) -> {
            if (row.isNullAt(i)) {
                moments.addMissing();
            } else {
                moments.add(row.getDouble(i));
            }
        }, ColumnMoments::merge).toArray(new ColumnMoments[0]);
    }

    @Override
    public Normalize copy(ParamMap extra) {
        return (Normalize) defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new ParamsOnlyWriter(this, FORMAT_VERSION);
    }

    /** Reader for saved estimators. */
    public static MLReader<Normalize> read() {
        return new ParamsOnlyReader<>(Normalize.class, FORMAT_VERSION);
    }

    /** Loads an estimator saved with {@link #save}. */
    public static Normalize load(String path) {
        return read().load(path);
    }
}
