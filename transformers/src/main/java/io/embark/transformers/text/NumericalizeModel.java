package io.embark.transformers.text;

import io.embark.transformers.persist.ModelDataReader;
import io.embark.transformers.persist.ModelDataWriter;
import io.embark.transformers.persist.StageIdentity;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.collection.Seq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

/**
 * A fitted {@link Numericalize}: holds a {@link TokenVocabulary} and adds an {@code array<int>} column with each
 * token's index; tokens not in the vocabulary (and {@code xxfake}, and null tokens) become 0 ({@code xxunk}). A null
 * token array gives a null id array; no row is dropped, encoding never fails.
 *
 * <p>Decoding, the inverse used to show samples: {@link #decode(int[])} gives the tokens of ids,
 * {@link #decodeText(int[])} readable text (through {@link TextDecoder}), and {@link #decodeTokensColumn(Column)} /
 * {@link #decodeTextColumn(Column)} do the same to an {@code array<int>} column of a DataFrame (an id outside the
 * vocabulary is an error there, since it cannot come from this model).
 *
 * <p>Saved as Spark ML metadata plus the vocabulary as Parquet under {@code data/} (one row per index:
 * {@code position}, {@code token}), format version {@value Numericalize#FORMAT_VERSION}.
 *
 * <pre>{@code
 * NumericalizeModel num = new Numericalize().setMinFreq(1).fit(tokens);
 * Dataset<Row> ids = num.transform(tokens);                           // tokens -> ids (array<int>)
 * Dataset<Row> shown = ids.withColumn("text", num.decodeTextColumn(col("ids")));
 * String s = num.decodeText(num.encode(List.of("xxbos", "xxmaj", "the", "movie")));  // "The movie"
 * }</pre>
 */
public final class NumericalizeModel extends Model<NumericalizeModel> implements NumericalizeParams, MLWritable {
    private static final long serialVersionUID = 1L;

    private static final StructType DATA_SCHEMA = new StructType(new StructField[] {
        DataTypes.createStructField("position", DataTypes.IntegerType, false),
        DataTypes.createStructField("token", DataTypes.StringType, false),
    });
    private static final ArrayType TOKENS_TYPE = DataTypes.createArrayType(DataTypes.StringType, false);

    private final String uid;
    private final TokenVocabulary vocabulary;
    private final NumericalizeParamSet paramSet;

    /** Creates a model with only the special tokens; used by persistence and {@code defaultCopy} only. */
    public NumericalizeModel(String uid) {
        this(uid, TokenVocabulary.of(List.of(), SpecialTokens.ALL.size()));
    }

    /** Creates a model from a fitted vocabulary. */
    public NumericalizeModel(String uid, TokenVocabulary vocabulary) {
        this.uid = uid;
        this.vocabulary = vocabulary;
        this.paramSet = new NumericalizeParamSet(this);
    }

    @Override
    public String uid() {
        return uid;
    }

    @Override
    public Param<String> inputCol() {
        return paramSet.inputCol;
    }

    @Override
    public Param<String> outputCol() {
        return paramSet.outputCol;
    }

    @Override
    public IntParam minFreq() {
        return paramSet.minFreq;
    }

    @Override
    public IntParam maxVocab() {
        return paramSet.maxVocab;
    }

    /** Sets the token column. */
    public NumericalizeModel setInputCol(String value) {
        set(paramSet.inputCol, value);
        return this;
    }

    /** Sets the id column. */
    public NumericalizeModel setOutputCol(String value) {
        set(paramSet.outputCol, value);
        return this;
    }

    /** The vocabulary. */
    public TokenVocabulary vocabulary() {
        return vocabulary;
    }

    /** The tokens by index, {@code xxfake} padding included (fastai's {@code vocab}). */
    public List<String> itos() {
        return vocabulary.itos();
    }

    /** Number of ids (a multiple of 8): the embedding's input size and a language model's output size. */
    public int vocabSize() {
        return vocabulary.size();
    }

    /** The ids of {@code tokens}, as {@link #transform} computes them. */
    public int[] encode(List<String> tokens) {
        return vocabulary.encode(tokens);
    }

    /** The tokens of {@code ids}; fails on an id outside {@code [0, vocabSize())}. */
    public List<String> decode(int[] ids) {
        return vocabulary.decode(ids);
    }

    /** Readable text of {@code ids}: {@link #decode} then {@link TextDecoder#decode}. */
    public String decodeText(int[] ids) {
        return TextDecoder.decode(vocabulary.decode(ids));
    }

    /** An {@code array<string>} column with the tokens of the {@code array<int>} column {@code ids}. */
    public Column decodeTokensColumn(Column ids) {
        return udf(new DecodeTokens(vocabulary.itos().toArray(new String[0])), TOKENS_TYPE).apply(ids);
    }

    /** A string column with the readable text ({@link TextDecoder}) of the {@code array<int>} column {@code ids}. */
    public Column decodeTextColumn(Column ids) {
        return udf(new DecodeText(vocabulary.itos().toArray(new String[0])), DataTypes.StringType).apply(ids);
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return validateAndTransformSchema(schema);
    }

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        StructType out = transformSchema(dataset.schema());
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(dataset.sparkSession().sparkContext());
        Broadcast<Map<String, Integer>> index = jsc.broadcast(vocabulary.index());
        UserDefinedFunction encode = udf(new Encode(index), OUTPUT_TYPE);
        if (!out.apply(getOutputCol()).nullable()) {
            encode = encode.asNonNullable();
        }
        return dataset.withColumn(getOutputCol(), encode.apply(col(getInputCol())));
    }

    /** Token lookup; holds only the broadcast index, never the model. */
    private static final class Encode implements UDF1<Seq<String>, List<Integer>> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<Map<String, Integer>> index;

        Encode(Broadcast<Map<String, Integer>> index) {
            this.index = index;
        }

        @Override
        public List<Integer> call(Seq<String> tokens) {
            if (tokens == null) {
                return null;
            }
            Map<String, Integer> map = index.value();
            List<Integer> ids = new ArrayList<>(tokens.size());
            scala.collection.Iterator<String> it = tokens.iterator();
            while (it.hasNext()) {
                String t = it.next();
                Integer id = t == null ? null : map.get(t);
                ids.add(id == null ? TokenVocabulary.UNK_ID : id);
            }
            return ids;
        }
    }

    /** Ids to tokens for a column; holds only the token table. */
    private static final class DecodeTokens implements UDF1<Seq<Integer>, List<String>> {
        private static final long serialVersionUID = 1L;
        private final String[] itos;

        DecodeTokens(String[] itos) {
            this.itos = itos;
        }

        @Override
        public List<String> call(Seq<Integer> ids) {
            return ids == null ? null : tokens(itos, ids);
        }
    }

    /** Ids to readable text for a column; holds only the token table. */
    private static final class DecodeText implements UDF1<Seq<Integer>, String> {
        private static final long serialVersionUID = 1L;
        private final String[] itos;

        DecodeText(String[] itos) {
            this.itos = itos;
        }

        @Override
        public String call(Seq<Integer> ids) {
            return ids == null ? null : TextDecoder.decode(tokens(itos, ids));
        }
    }

    private static List<String> tokens(String[] itos, Seq<Integer> ids) {
        List<String> out = new ArrayList<>(ids.size());
        scala.collection.Iterator<Integer> it = ids.iterator();
        while (it.hasNext()) {
            Integer id = it.next();
            if (id == null || id < 0 || id >= itos.length) {
                throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, "
                        + itos.length + ")");
            }
            out.add(itos[id]);
        }
        return out;
    }

    @Override
    public NumericalizeModel copy(ParamMap extra) {
        return StageIdentity.copyModel(this, new NumericalizeModel(uid, vocabulary), extra);
    }

    @Override
    public MLWriter write() {
        List<String> itos = vocabulary.itos();
        List<Row> rows = new ArrayList<>(itos.size());
        for (int i = 0; i < itos.size(); i++) {
            rows.add(RowFactory.create(i, itos.get(i)));
        }
        return new ModelDataWriter(this, Numericalize.FORMAT_VERSION, DATA_SCHEMA, rows);
    }

    /** Reader for saved models. */
    public static MLReader<NumericalizeModel> read() {
        return new ModelDataReader<>(NumericalizeModel.class, Numericalize.FORMAT_VERSION, (uid, rows) -> {
            List<String> itos = new ArrayList<>(rows.size());
            for (Row r : rows) {
                itos.add(r.getString(1));
            }
            return new NumericalizeModel(uid, TokenVocabulary.fromItos(itos));
        });
    }

    /** Loads a model saved with {@link #save}. */
    public static NumericalizeModel load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "NumericalizeModel: uid=" + uid + ", inputCol=" + getInputCol() + ", outputCol=" + getOutputCol()
                + ", vocabSize=" + vocabSize();
    }
}
