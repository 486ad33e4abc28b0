package io.embark.transformers.tabular;

import io.embark.transformers.persist.ParamsOnlyReader;
import io.embark.transformers.persist.ParamsOnlyWriter;
import io.embark.transformers.persist.StageIdentity;
import io.embark.transformers.shared.ColumnLists;
import io.embark.transformers.shared.SchemaChecks;
import io.embark.transformers.stats.PartitionAggregation;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * fastai's {@code Categorify} as a Spark ML estimator: learns, on the training split, one vocabulary per
 * categorical column ({@code #na#} at index 0, then the distinct non-missing values in natural order) and
 * returns a {@link CategorifyModel} that replaces each value by its index, with null, NaN and values unseen in
 * training mapped to 0. Rows are never dropped and encoding never fails.
 *
 * <p>All columns are counted in <b>one</b> distributed aggregation (one scan of the data); only the kept
 * vocabularies come back to the driver. Fitting twice on the same data gives identical models.
 *
 * <pre>{@code
 * CategorifyModel model = new Categorify()
 *     .setInputCols(new String[] {"userId", "movieId"})
 *     .setOutputCols(new String[] {"user", "item"})
 *     .fit(train);
 * Dataset<Row> encoded = model.transform(validation);   // user, item: int in [0, vocabulary size)
 * }</pre>
 */
public final class Categorify extends Estimator<CategorifyModel> implements CategorifyParams, MLWritable {
    private static final long serialVersionUID = 1L;
    static final int FORMAT_VERSION = 1;

    private final String uid;
    private final CategorifyParamSet paramSet;

    /** Creates an estimator with a random uid. */
    public Categorify() {
        this(StageIdentity.randomUid("categorify"));
    }

    /** Creates an estimator with the given uid (used by persistence). */
    public Categorify(String uid) {
        this.uid = uid;
        this.paramSet = new CategorifyParamSet(this);
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
    public StringArrayParam optionalInputCols() {
        return paramSet.optionalInputCols;
    }

    @Override
    public IntParam maxCategories() {
        return paramSet.maxCategories;
    }

    @Override
    public LongParam minCount() {
        return paramSet.minCount;
    }

    /** Sets the columns to encode. */
    public Categorify setInputCols(String[] value) {
        set(paramSet.inputCols, value);
        return this;
    }

    /** Sets the output columns, one per input. */
    public Categorify setOutputCols(String[] value) {
        set(paramSet.outputCols, value);
        return this;
    }

    /** Sets columns to encode only when the fitting data has them (for example FillMissing's {@code _na} columns). */
    public Categorify setOptionalInputCols(String[] value) {
        set(paramSet.optionalInputCols, value);
        return this;
    }

    /** Caps the number of categories kept per column (0 = no cap). */
    public Categorify setMaxCategories(int value) {
        set(paramSet.maxCategories, value);
        return this;
    }

    /** Sets the minimum training count of a kept category. */
    public Categorify setMinCount(long value) {
        set(paramSet.minCount, value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        if (isDefined(paramSet.inputCols) && getOptionalInputCols().length == 0) {
            SchemaChecks.requireNonEmpty("Categorify", "inputCols", getInputCols());
        }
        return validateAndTransformSchema(schema);
    }

    @Override
    public CategorifyModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        List<String> present = new ArrayList<>();
        for (String name : getOptionalInputCols()) {
            if (Arrays.asList(dataset.schema().fieldNames()).contains(name)) {
                present.add(name);
            }
        }
        String[] found = present.toArray(new String[0]);
        String[] in = ColumnLists.concat(getInputCols(), found);
        String[] out = ColumnLists.concat(getOutputCols(), ColumnLists.withSuffix(found, DEFAULT_SUFFIX));
        if (in.length == 0) {
            // only optional columns were configured and none is present: nothing to encode
            return finish(new CategorifyModel(uid, new Vocabulary[0]), in, out);
        }
        CategoryKind[] kinds = new CategoryKind[in.length];
        Column[] keys = new Column[in.length];
        for (int i = 0; i < in.length; i++) {
            kinds[i] = CategoryKind.of(dataset.schema().apply(in[i]).dataType());
            keys[i] = CodeLookup.key(col(in[i]), kinds[i]);
        }
        // one scan: every partition counts the values of all columns, partial counts merge in a tree
        List<CategoryCounts> counted = countValues(dataset, keys, kinds);
        if (counted.get(0).total() == 0) {
            throw new IllegalArgumentException("Categorify: the training data is empty; cannot learn categories");
        }
        Vocabulary[] vocabularies = new Vocabulary[in.length];
        for (int i = 0; i < in.length; i++) {
            vocabularies[i] = Vocabulary.fromCounts(kinds[i], counted.get(i).counts(),
                    counted.get(i).missing(), getMinCount(), getMaxCategories());
        }
        return finish(new CategorifyModel(uid, vocabularies), in, out);
    }

    /** Value counts of every column, from one pass (see {@link PartitionAggregation}). */
    private static List<CategoryCounts> countValues(Dataset<?> dataset, Column[] keys, CategoryKind[] kinds) {
        boolean[] integral = new boolean[kinds.length];
        for (int i = 0; i < kinds.length; i++) {
            integral[i] = kinds[i] == CategoryKind.INTEGRAL;
        }
        return PartitionAggregation.perColumn(dataset, keys, column -> new CategoryCounts(integral[column]),
                (counts, row, i) -> counts.add(row, i), CategoryCounts::merge);
    }

    /** Gives the model this estimator's settings with the columns actually encoded. */
    private CategorifyModel finish(CategorifyModel model, String[] in, String[] out) {
        StageIdentity.fittedBy(this, model);
        model.set(model.inputCols(), in);
        model.set(model.outputCols(), out);
        model.set(model.optionalInputCols(), new String[0]);
        return model;
    }

    @Override
    public Categorify copy(ParamMap extra) {
        return (Categorify) defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new ParamsOnlyWriter(this, FORMAT_VERSION);
    }

    /** Reader for saved estimators. */
    public static MLReader<Categorify> read() {
        return new ParamsOnlyReader<>(Categorify.class, FORMAT_VERSION);
    }

    /** Loads an estimator saved with {@link #save}. */
    public static Categorify load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "Categorify: uid=" + uid + (isDefined(paramSet.inputCols) ? ", inputCols=" + String.join(",", getInputCols()) : "");
    }
}
