package io.embark.transformers.tabular;

import io.embark.transformers.persist.ParamsOnlyReader;
import io.embark.transformers.persist.ParamsOnlyWriter;
import io.embark.transformers.persist.StageIdentity;
import io.embark.transformers.stats.PartitionAggregation;
import io.embark.transformers.stats.ValueHistogram;
import org.apache.spark.ml.Estimator;
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
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * fastai's {@code FillMissing} as a Spark ML estimator: learns one fill value per continuous column on the
 * training split (exact median by default, like pandas; an approximate median with a relative error for very
 * large tables; the most common value, ties to the smallest; or a constant) and which columns had missing values
 * (null or NaN). The {@link FillMissingModel} writes the filled values as double columns and adds a boolean
 * {@code <col>_na} indicator only for the columns that had missing values in training.
 *
 * <p>Missing counts, medians and modes of all columns come from one pass: each partition builds an exact
 * {@link ValueHistogram} per column and the histograms merge in a tree on the executors. A column with more than
 * {@value #HISTOGRAM_CAPACITY} distinct values gets a second pass for its fill value only (Spark's
 * {@code percentile}, {@code percentile_approx} when {@code relativeError > 0}, or a grouped count for the mode),
 * so memory stays bounded however large the table. Because the indicator columns depend on the data, this estimator's {@link #transformSchema}
 * lists only the filled columns; the fitted model's schema adds the indicators.
 *
 * <pre>{@code
 * FillMissingModel fill = new FillMissing().setInputCols(new String[] {"CompetitionDistance"}).fit(train);
 * fill.transform(valid);   // CompetitionDistance_filled (double), CompetitionDistance_na (boolean)
 * }</pre>
 */
public final class FillMissing extends Estimator<FillMissingModel> implements FillMissingParams, MLWritable {
    private static final long serialVersionUID = 1L;
    static final int FORMAT_VERSION = 1;
    /** Distinct values per column kept in the exact histogram; columns with more get a second, Spark-side pass. */
    static final int HISTOGRAM_CAPACITY = 50_000;

    private final String uid;
    private final FillMissingParamSet paramSet;

    /** Creates an estimator with a random uid. */
    public FillMissing() {
        this(StageIdentity.randomUid("fillMissing"));
    }

    /** Creates an estimator with the given uid (used by persistence). */
    public FillMissing(String uid) {
        this.uid = uid;
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

    /** Sets the continuous columns to fill. */
    public FillMissing setInputCols(String[] value) {
        set(paramSet.inputCols, value);
        return this;
    }

    /** Sets the output columns, one per input. */
    public FillMissing setOutputCols(String[] value) {
        set(paramSet.outputCols, value);
        return this;
    }

    /** Sets the strategy: median, mode or constant. */
    public FillMissing setStrategy(String value) {
        set(paramSet.strategy, value.toLowerCase(Locale.ROOT));
        return this;
    }

    /** Sets the constant strategy's value. */
    public FillMissing setFillValue(double value) {
        set(paramSet.fillValue, value);
        return this;
    }

    /** Sets the median's relative error (0 = exact). */
    public FillMissing setRelativeError(double value) {
        set(paramSet.relativeError, value);
        return this;
    }

    /** Sets the policy for missing values in columns complete in training: error or fill. */
    public FillMissing setUnexpectedMissing(String value) {
        set(paramSet.unexpectedMissing, value.toLowerCase(Locale.ROOT));
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return validateAndTransformSchema(schema, List.of());
    }

    @Override
    public FillMissingModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String[] in = getInputCols();
        String strategy = getStrategy();
        ValueHistogram[] histograms = histograms(dataset, in, strategy.equals("constant") ? 0 : HISTOGRAM_CAPACITY);
        long rows = histograms[0].present() + histograms[0].missing();
        if (rows == 0) {
            throw new IllegalArgumentException("FillMissing: the training data is empty; cannot learn fill values");
        }
        long[] missing = new long[in.length];
        double[] fills = new double[in.length];
        List<Integer> needSecondPass = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            missing[i] = histograms[i].missing();
            if (missing[i] == rows && !strategy.equals("constant")) {
                throw new IllegalArgumentException("FillMissing: column '" + in[i] + "' has no value in training (all "
                        + rows + " rows are null or NaN); use strategy 'constant' or drop the column");
            }
            if (strategy.equals("constant")) {
                fills[i] = getFillValue();
            } else if (histograms[i].overflowed()) {
                needSecondPass.add(i);
            } else {
                fills[i] = strategy.equals("median") ? histograms[i].median() : histograms[i].mode();
            }
        }
        if (!needSecondPass.isEmpty()) {
            String[] wide = needSecondPass.stream().map(i -> in[i]).toArray(String[]::new);
            double[] secondPass = strategy.equals("median") ? medians(dataset, wide, getRelativeError())
                    : modes(dataset, wide);
            for (int k = 0; k < wide.length; k++) {
                fills[needSecondPass.get(k)] = secondPass[k];
            }
        }
        boolean[] hadMissing = new boolean[in.length];
        for (int i = 0; i < in.length; i++) {
            hadMissing[i] = missing[i] > 0;
        }
        return StageIdentity.fittedBy(this, new FillMissingModel(uid, fills, hadMissing));
    }

    /**
     * Per column: the missing count and, up to {@code capacity} distinct values, the exact histogram, from one
     * pass over the data (see {@link PartitionAggregation}).
     */
    private static ValueHistogram[] histograms(Dataset<?> dataset, String[] in, int capacity) {
        Column[] asDouble = new Column[in.length];
        for (int i = 0; i < in.length; i++) {
            asDouble[i] = col(in[i]).cast("double");
        }
        return PartitionAggregation.perColumn(dataset, asDouble, column -> new ValueHistogram(capacity), (h, row, i) -> {
            if (row.isNullAt(i)) {
                h.addMissing();
            } else {
                h.add(row.getDouble(i));
            }
        }, ValueHistogram::merge).toArray(new ValueHistogram[0]);
    }

    /**
     * Medians of columns with too many distinct values for a histogram: Spark's exact {@code percentile} (or
     * {@code percentile_approx} with the configured relative error), all columns in one aggregation.
     */
    private static double[] medians(Dataset<?> dataset, String[] in, double relativeError) {
        Column[] aggs = new Column[in.length];
        for (int i = 0; i < in.length; i++) {
            String present = "CASE WHEN isnan(CAST(`" + in[i] + "` AS DOUBLE)) THEN NULL ELSE CAST(`" + in[i]
                    + "` AS DOUBLE) END";
            aggs[i] = relativeError == 0 ? expr("percentile(" + present + ", 0.5)")
                    : expr("percentile_approx(" + present + ", 0.5, " + Math.max(1, Math.round(1 / relativeError))
                    + ")").cast("double");
        }
        Row r = dataset.agg(aggs[0], Arrays.copyOfRange(aggs, 1, aggs.length)).first();
        double[] medians = new double[in.length];
        for (int i = 0; i < in.length; i++) {
            medians[i] = r.getDouble(i);
        }
        return medians;
    }

    /** Most common non-missing value per column (ties: the smallest), found on the executors in one grouped pass. */
    private static double[] modes(Dataset<?> dataset, String[] in) {
        Column[] keyed = new Column[in.length];
        for (int i = 0; i < in.length; i++) {
            keyed[i] = struct(lit(i).as("c"), when(MissingValues.isMissing(in[i]), lit(null))
                    .otherwise(col(in[i]).cast("double")).as("v"));
        }
        List<Row> best = dataset.select(explode(array(keyed)).as("kv"))
                .where(col("kv.v").isNotNull())
                .groupBy(col("kv.c").as("c"), col("kv.v").as("v")).count()
                .withColumn("rank", row_number().over(Window.partitionBy("c").orderBy(col("count").desc(), col("v").asc())))
                .where(col("rank").equalTo(1))
                .collectAsList();
        double[] modes = new double[in.length];
        for (Row r : best) {
            modes[r.getInt(0)] = r.getDouble(1);
        }
        return modes;
    }

    @Override
    public FillMissing copy(ParamMap extra) {
        return (FillMissing) defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new ParamsOnlyWriter(this, FORMAT_VERSION);
    }

    /** Reader for saved estimators. */
    public static MLReader<FillMissing> read() {
        return new ParamsOnlyReader<>(FillMissing.class, FORMAT_VERSION);
    }

    /** Loads an estimator saved with {@link #save}. */
    public static FillMissing load(String path) {
        return read().load(path);
    }
}
