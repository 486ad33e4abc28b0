package io.embark.pipelines.lm;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;

/**
 * The unigram language model of a training corpus: token frequencies counted on the training documents with
 * add-one smoothing over the vocabulary, {@code p(t) = (c(t) + 1) / (N + V)}. Its held-out perplexity
 * ({@code exp} of the mean {@code -ln p} over every held-out token) is the baseline any language model that learns
 * something beats, and its log-probabilities are the decoder bias a language model starts from
 * ({@link AwdLstm#startAtUnigram}). Counting runs on the executors; only the vocabulary-sized count table reaches
 * the driver.
 */
public final class UnigramBaseline {
    private final double[] logProbabilities;

    private UnigramBaseline(double[] logProbabilities) {
        this.logProbabilities = logProbabilities;
    }

    /** Counts the tokens of {@code train} ({@code idsCol}: array of token ids below {@code vocabSize}). */
    public static UnigramBaseline fit(Dataset<Row> train, String idsCol, int vocabSize) {
        long[] c = new long[vocabSize];
        long total = 0;
        for (Row r : counts(train, idsCol)) {
            int id = r.getInt(0);
            if (id < 0 || id >= vocabSize) {
                throw new IllegalArgumentException("token id " + id + " outside the vocabulary of " + vocabSize);
            }
            c[id] += r.getLong(1);
            total += r.getLong(1);
        }
        double[] logP = new double[vocabSize];
        for (int i = 0; i < vocabSize; i++) {
            logP[i] = Math.log((c[i] + 1.0) / (total + vocabSize));
        }
        return new UnigramBaseline(logP);
    }

    /** {@code ln p(t)} for every token id of the vocabulary (a copy). */
    public double[] logProbabilities() {
        return logProbabilities.clone();
    }

    /** Perplexity of this model on {@code valid}; NaN when it has no token. */
    public double perplexity(Dataset<Row> valid, String idsCol) {
        double loss = 0;
        long n = 0;
        for (Row r : counts(valid, idsCol)) {
            long c = r.getLong(1);
            loss -= c * logProbabilities[r.getInt(0)];
            n += c;
        }
        return n == 0 ? Double.NaN : Math.exp(loss / n);
    }

    private static List<Row> counts(Dataset<Row> ids, String idsCol) {
        return ids.select(explode(col(idsCol)).as("id")).groupBy("id").agg(count("*").as("n")).collectAsList();
    }
}
