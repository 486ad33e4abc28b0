package io.embark.transformers.text;

import io.embark.transformers.persist.ParamsOnlyReader;
import io.embark.transformers.persist.ParamsOnlyWriter;
import io.embark.transformers.persist.StageIdentity;
import io.embark.transformers.shared.SchemaChecks;
import io.embark.transformers.spark.CatalystCalls;
import org.apache.spark.ml.Transformer;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.List;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;

/**
 * fastai v2's default text tokenization ({@code Tokenizer.from_df} with the spaCy English {@code WordTokenizer} and
 * {@code defaults.text_proc_rules}) as a Spark ML transformer: one or more string columns become an
 * {@code array<string>} column of tokens that starts with {@code xxbos}. The rules are those of
 * {@link FastaiRules}, the word splitting that of {@link WordSplitter}; see them for the details and the few
 * deviations from spaCy.
 *
 * <p>With several input columns each field is preceded by {@code xxfld i} (1-based), as fastai's
 * {@code mark_fields}, which defaults to true exactly when there are several columns. A null field counts as an
 * empty string and keeps its marker; a document with one null or empty field gives {@code [xxbos]}. Every row is
 * kept, in order; the output column never holds null.
 *
 * <p>The column is a static call of {@link TokenizerFunctions} on Spark's internal forms (a {@code StaticInvoke}
 * expression made by {@link CatalystCalls}, compiled into the stage's generated code): the text arrives as UTF-8 bytes and the tokens are written
 * straight into Spark's binary array layout from UTF-8 bytes the splitter keeps per token (common chunks' tokens are
 * encoded once per thread). A user-defined function would instead
 * convert every text to a {@code String} and every token back to UTF-8 through Spark's external-type converters. The
 * other columns are left to Spark untouched (column pruning still applies), and nothing of this stage is captured.
 *
 * <pre>{@code
 * Dataset<Row> tokens = new Tokenizer()
 *         .setInputCols(new String[] {"title", "text"})
 *         .setOutputCol("tokens")
 *         .transform(reviews);
 * }</pre>
 */
public final class Tokenizer extends Transformer implements MLWritable {
    private static final long serialVersionUID = 1L;
    static final int FORMAT_VERSION = 1;
    private static final String STAGE = "Tokenizer";
    /** The type of the output column: tokens, never null. */
    public static final ArrayType OUTPUT_TYPE = DataTypes.createArrayType(DataTypes.StringType, false);

    private final String uid;
    private final StringArrayParam inputCols;
    private final Param<String> outputCol;
    private final BooleanParam markFields;

    /** Creates a tokenizer with a random uid. */
    public Tokenizer() {
        this(StageIdentity.randomUid("fastaiTokenizer"));
    }

    /** Creates a tokenizer with the given uid (used by persistence). */
    public Tokenizer(String uid) {
        this.uid = uid;
        this.inputCols = new StringArrayParam(this, "inputCols", "string columns holding the text, in field order");
        this.outputCol = new Param<>(this, "outputCol", "array<string> column for the tokens");
        this.markFields = new BooleanParam(this, "markFields",
                "precede each field by 'xxfld i' (default: true when there are several input columns)");
        setDefault(outputCol, "tokens");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The text columns, in field order. */
    public StringArrayParam inputCols() {
        return inputCols;
    }

    /** The output column (default {@code tokens}). */
    public Param<String> outputCol() {
        return outputCol;
    }

    /** Whether fields are marked with {@code xxfld i}. */
    public BooleanParam markFields() {
        return markFields;
    }

    /** Sets the text columns, in field order. */
    public Tokenizer setInputCols(String[] value) {
        set(inputCols, value);
        return this;
    }

    /** Sets a single text column. */
    public Tokenizer setInputCol(String value) {
        return setInputCols(new String[] {value});
    }

    /** Sets the output column. */
    public Tokenizer setOutputCol(String value) {
        set(outputCol, value);
        return this;
    }

    /** Turns field markers on or off explicitly. */
    public Tokenizer setMarkFields(boolean value) {
        set(markFields, value);
        return this;
    }

    /** The text columns ({@code null} when not set). */
    public String[] getInputCols() {
        return isDefined(inputCols) ? getOrDefault(inputCols) : null;
    }

    /** The output column. */
    public String getOutputCol() {
        return getOrDefault(outputCol);
    }

    /** Whether fields are marked: the set value, else true exactly when there are several input columns. */
    public boolean getMarkFields() {
        if (isSet(markFields)) {
            return (Boolean) getOrDefault(markFields);
        }
        String[] in = getInputCols();
        return in != null && in.length > 1;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        String[] in = getInputCols();
        if (in == null) {
            throw new IllegalArgumentException(STAGE + ": set inputCols (or inputCol) to the text column(s)");
        }
        SchemaChecks.requireNonEmpty(STAGE, "inputCols", in);
        SchemaChecks.requireDistinct(STAGE, "inputCols", in);
        for (String c : in) {
            StructField f = SchemaChecks.requireColumn(STAGE, schema, c);
            SchemaChecks.requireType(STAGE, f, t -> t instanceof StringType, "a string column");
        }
        String out = getOutputCol();
        if (out == null || out.isBlank()) {
            throw new IllegalArgumentException(STAGE + ": outputCol must be a non-empty column name");
        }
        SchemaChecks.requireAbsent(STAGE, schema, out);
        return SchemaChecks.append(schema, List.of(DataTypes.createStructField(out, OUTPUT_TYPE, false)));
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        String[] in = getInputCols();
        boolean marked = getMarkFields();
        Column argument;
        String function;
        if (in.length == 1) {
            argument = col(in[0]);
            function = marked ? "tokenizeMarked" : "tokenize";
        } else {
            Column[] fields = new Column[in.length];
            for (int i = 0; i < in.length; i++) {
                fields[i] = col(in[i]);
            }
            argument = array(fields);
            function = marked ? "tokenizeFieldsMarked" : "tokenizeFields";
        }
        // a static call on Spark's internal string and array forms, compiled into the generated code of the stage
        return dataset.withColumn(getOutputCol(),
                CatalystCalls.staticCall(TokenizerFunctions.class, function, OUTPUT_TYPE, argument));
    }

    @Override
    public Tokenizer copy(ParamMap extra) {
        return (Tokenizer) defaultCopy(extra);
    }

    @Override
    public String toString() {
        return STAGE + ": uid=" + uid + ", inputCols=" + String.join(",", getInputCols() == null ? new String[0]
                : getInputCols()) + ", outputCol=" + getOutputCol() + ", markFields=" + getMarkFields();
    }

    @Override
    public MLWriter write() {
        return new ParamsOnlyWriter(this, FORMAT_VERSION);
    }

    /** Reader for saved tokenizers. */
    public static MLReader<Tokenizer> read() {
        return new ParamsOnlyReader<>(Tokenizer.class, FORMAT_VERSION);
    }

    /** Loads a tokenizer saved with {@link #save}. */
    public static Tokenizer load(String path) {
        return read().load(path);
    }
}
