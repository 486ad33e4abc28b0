package io.embark.transformers.text;

import io.embark.transformers.persist.ParamsOnlyReader;
import io.embark.transformers.persist.ParamsOnlyWriter;
import io.embark.transformers.persist.StageIdentity;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.util.MLReader;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.not;

/**
 * fastai v2's {@code Numericalize} as a Spark ML estimator: learns a {@link TokenVocabulary} from an
 * {@code array<string>} token column (such as the {@link Tokenizer}'s) and returns a {@link NumericalizeModel} that
 * maps each token to its index, unknown tokens to 0 ({@code xxunk}).
 *
 * <p>The vocabulary is fastai's {@code make_vocab(count, min_freq, max_vocab)}: the 9 {@linkplain SpecialTokens
 * special tokens} first in fastai's order ({@code xxunk} = 0, {@code xxpad} = 1), then the words seen at least
 * {@code minFreq} times, most frequent first, capped so that specials plus words are at most {@code maxVocab}, then
 * 1 to 8 {@code xxfake} entries to reach a multiple of 8 (see {@link TokenVocabulary} for the exact rule).
 * <b>Ties</b> in count are broken by the token in ascending Unicode code point order (Spark's string order), so
 * fitting twice, or on differently partitioned data, gives the same vocabulary; fastai instead keeps the order in
 * which equally frequent tokens were first seen, which has no meaning on distributed data.
 *
 * <p>Scaling: tokens are counted on the executors ({@code explode} + {@code groupBy} with map-side combining), the
 * {@code minFreq} filter and the top-{@code maxVocab} selection run there too, and only the kept words (at most
 * {@code maxVocab - 9} rows) reach the driver. The full word-count table is never collected. Null token arrays
 * and null tokens are not counted.
 *
 * <pre>{@code
 * PipelineModel prep = new Pipeline().setStages(new PipelineStage[] {
 *         new Tokenizer().setInputCol("text"),                       // text -> tokens
 *         new Numericalize().setMinFreq(3).setMaxVocab(60000)})       // tokens -> ids
 *     .fit(train);
 * NumericalizeModel num = (NumericalizeModel) prep.stages()[1];
 * int vocabSize = num.vocabSize();                                   // a multiple of 8
 * }</pre>
 */
public final class Numericalize extends Estimator<NumericalizeModel> implements NumericalizeParams, MLWritable {
    private static final long serialVersionUID = 1L;
    static final int FORMAT_VERSION = 1;

    /** The tie-break and overall order of kept words: count descending, then token in code point order. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    };

    private final String uid;
    private final NumericalizeParamSet paramSet;

    /** Creates an estimator with a random uid. */
    public Numericalize() {
        this(StageIdentity.randomUid("numericalize"));
    }

    /** Creates an estimator with the given uid (used by persistence). */
    public Numericalize(String uid) {
        this.uid = uid;
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
    public Numericalize setInputCol(String value) {
        set(paramSet.inputCol, value);
        return this;
    }

    /** Sets the id column. */
    public Numericalize setOutputCol(String value) {
        set(paramSet.outputCol, value);
        return this;
    }

    /** Sets the minimum training count of a kept word (at least 1). */
    public Numericalize setMinFreq(int value) {
        set(paramSet.minFreq, value);
        return this;
    }

    /** Sets the vocabulary cap, special tokens included (at least 9). */
    public Numericalize setMaxVocab(int value) {
        set(paramSet.maxVocab, value);
        return this;
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return validateAndTransformSchema(schema);
    }

    @Override
    public NumericalizeModel fit(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        List<String> ranked = keptWords(dataset, getInputCol(), getMinFreq(),
                getMaxVocab() - SpecialTokens.ALL.size());
        if (ranked.isEmpty() && dataset.isEmpty()) {
            throw new IllegalArgumentException("Numericalize: the training data is empty; cannot learn a vocabulary "
                    + "from column '" + getInputCol() + "'");
        }
        return StageIdentity.fittedBy(this, new NumericalizeModel(uid, TokenVocabulary.of(ranked, getMaxVocab())));
    }

    /**
     * The {@code limit} most frequent non-special words with count at least {@code minFreq}, most frequent first,
     * ties by code point order. Counting, filtering and the top-{@code limit} selection run on the executors
     * ({@code toJavaRDD} keeps Spark's distributed top-k, whose last stage is one partition of at most
     * {@code limit} rows); the driver receives only the kept words and sorts them again to be independent of how
     * Spark returned them.
     */
    static List<String> keptWords(Dataset<?> dataset, String inputCol, int minFreq, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Dataset<Row> counts = dataset.select(explode(col(inputCol)).as("token"))
                .where(col("token").isNotNull().and(not(col("token").isin(SpecialTokens.ALL.toArray()))))
                .groupBy("token")
                .count()
                .where(col("count").geq(minFreq));
        List<Row> top = counts.orderBy(col("count").desc(), col("token").asc())
                .limit(limit)
                .toJavaRDD()
                .collect();
        List<Row> sorted = new ArrayList<>(top);
        sorted.sort(Comparator.<Row>comparingLong(r -> -r.getLong(1))
                .thenComparing(r -> r.getString(0), CODE_POINT_ORDER));
        List<String> words = new ArrayList<>(sorted.size());
        for (Row r : sorted) {
            words.add(r.getString(0));
        }
        return words;
    }

    @Override
    public Numericalize copy(ParamMap extra) {
        return (Numericalize) defaultCopy(extra);
    }

    @Override
    public MLWriter write() {
        return new ParamsOnlyWriter(this, FORMAT_VERSION);
    }

    /** Reader for saved estimators. */
    public static MLReader<Numericalize> read() {
        return new ParamsOnlyReader<>(Numericalize.class, FORMAT_VERSION);
    }

    /** Loads an estimator saved with {@link #save}. */
    public static Numericalize load(String path) {
        return read().load(path);
    }

    @Override
    public String toString() {
        return "Numericalize: uid=" + uid + ", inputCol=" + getInputCol() + ", outputCol=" + getOutputCol()
                + ", minFreq=" + getMinFreq() + ", maxVocab=" + getMaxVocab();
    }
}
