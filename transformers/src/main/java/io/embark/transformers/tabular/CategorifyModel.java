package io.embark.transformers.tabular;

import io.embark.transformers.persist.ModelDataReader;
import io.embark.transformers.persist.ModelDataWriter;
import io.embark.transformers.persist.StageIdentity;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
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
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.apache.spark.sql.functions.col;

/**
 * A fitted {@link Categorify}: holds one {@link Vocabulary} per input column and appends, for each, an int
 * column with the value's index ({@code 0} for null, NaN and values not seen in training). Never drops a row and
 * never fails on unseen values. Input columns must be of the same kind as in training (an int column fitted
 * cannot encode a double column), which {@link #transformSchema} checks.
 */
public final class CategorifyModel extends Model<CategorifyModel> implements CategorifyParams, MLWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;
    private final Vocabulary[] vocabularies;
    private final CategorifyParamSet paramSet;

    /** Creates a model with no vocabularies; used only by persistence before the data is set. */
    public CategorifyModel(String uid) {
        this(uid, new Vocabulary[0]);
    }

    /** Creates a model from fitted vocabularies, in the order of {@code inputCols}. */
    public CategorifyModel(String uid, Vocabulary[] vocabularies) {
        this.uid = uid;
        this.vocabularies = vocabularies.clone();
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

    /** Sets the output columns, one per input. */
    public CategorifyModel setOutputCols(String[] value) {
        set(paramSet.outputCols, value);
        return this;
    }

    /** The vocabulary of input column {@code inputCol}. */
    public Vocabulary vocabulary(String inputCol) {
        int i = Arrays.asList(getInputCols()).indexOf(inputCol);
        if (i < 0) {
            throw new IllegalArgumentException("CategorifyModel: '" + inputCol + "' is not one of its input columns "
                    + Arrays.toString(getInputCols()));
        }
        return vocabularies[i];
    }

    /** All vocabularies, in the order of the input columns. */
    public List<Vocabulary> vocabularies() {
        return List.of(vocabularies);
    }

    /** Vocabulary size (including {@code #na#}) per input column: the embeddings' input sizes. */
    public int[] cardinalities() {
        return Arrays.stream(vocabularies).mapToInt(Vocabulary::size).toArray();
    }

    @Override
    public StructType transformSchema(StructType schema) {
        StructType out = validateAndTransformSchema(schema);
        String[] in = getInputCols();
        if (in.length != vocabularies.length) {
            throw new IllegalStateException("CategorifyModel: " + vocabularies.length + " vocabularies for "
                    + in.length + " input columns");
        }
        for (int i = 0; i < in.length; i++) {
            CategoryKind kind = CategoryKind.of(schema.apply(in[i]).dataType());
            if (kind != vocabularies[i].kind()) {
                throw new IllegalArgumentException("CategorifyModel: column '" + in[i] + "' was fitted as "
                        + vocabularies[i].kind() + " but is now " + schema.apply(in[i]).dataType().catalogString()
                        + "; cast it to the type it had in training");
            }
        }
        return out;
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String[] in = getInputCols();
        String[] out = getOutputCols();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        List<Column> columns = new ArrayList<>();
        columns.add(col("*"));
        for (int i = 0; i < in.length; i++) {
            columns.add(CodeLookup.encode(col(in[i]), vocabularies[i], jsc).as(out[i]));
        }
        return dataset.select(columns.toArray(new Column[0]));
    }

    @Override
    public CategorifyModel copy(ParamMap extra) {
        return StageIdentity.copyModel(this, new CategorifyModel(uid, vocabularies), extra);
    }

    @Override
    public MLWriter write() {
        List<Row> rows = new ArrayList<>();
        String[] in = getInputCols();
        for (int i = 0; i < in.length; i++) {
            Vocabulary v = vocabularies[i];
            rows.add(RowFactory.create(i, in[i], v.kind().name(), v.labels().toArray(new String[0]),
                    Arrays.stream(v.counts()).boxed().toArray(Long[]::new)));
        }
        return new ModelDataWriter(this, Categorify.FORMAT_VERSION, DATA_SCHEMA, rows);
    }

    /** Reader for saved models. */
    public static MLReader<CategorifyModel> read() {
        return new ModelDataReader<>(CategorifyModel.class, Categorify.FORMAT_VERSION, (uid, rows) -> {
            Vocabulary[] vocabularies = new Vocabulary[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                List<String> labels = r.getList(3);
                List<Long> counts = r.getList(4);
                vocabularies[i] = new Vocabulary(CategoryKind.valueOf(r.getString(2)),
                        labels.toArray(new String[0]), counts.stream().mapToLong(Long::longValue).toArray());
            }
            return new CategorifyModel(uid, vocabularies);
        });
    }

    /** Loads a model saved with {@link #save}. */
    public static CategorifyModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "CategorifyModel: uid=" + uid + ", columns=" + Arrays.toString(getInputCols())
                + ", cardinalities=" + Arrays.toString(cardinalities());
    }

    private static final StructType DATA_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("position", DataTypes.IntegerType, false),
        DataTypes.createStructField("column", DataTypes.StringType, false),
        DataTypes.createStructField("kind", DataTypes.StringType, false),
        DataTypes.createStructField("labels", DataTypes.createArrayType(DataTypes.StringType, false), false),
        DataTypes.createStructField("counts", DataTypes.createArrayType(DataTypes.LongType, false), false),
    });
}
