package io.embark.pipelines.lm;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;

/**
 * The unigram language model's held-out perplexity: token frequencies counted on the training documents with
 * add-one smoothing over the vocabulary, {@code p(t) = (c(t) + 1) / (N + V)}, then {@code exp} of the mean
 * {@code -ln p} over every held-out token. Any language model that learns something beats it. Counting runs on the
 * executors; only the vocabulary-sized count table reaches the driver.
 */
public final class UnigramBaseline {
    private UnigramBaseline() {
    }

    /** Perplexity on {@code valid} of the unigram model of {@code train} ({@code idsCol}: array of token ids). */
    public static double perplexity(Dataset<Row> train, Dataset<Row> valid, String idsCol, int vocabSize) {
        double[] logP = logProbabilities(train, idsCol, vocabSize);
        List<Row> validCounts = counts(valid, idsCol);
        double loss = 0;
        long n = 0;
        for (Row r : validCounts) {
            int id = r.getInt(0);
            long c = r.getLong(1);
            loss -= c * logP[id];
            n += c;
        }
        return n == 0 ? Double.NaN : Math.exp(loss / n);
    }

    /** {@code ln p(t)} for every token id of the vocabulary, add-one smoothed. */
    public static double[] logProbabilities(Dataset<Row> train, String idsCol, int vocabSize) {
        long[] c = new long[vocabSize];
        long total = 0;
        for (Row r : counts(train, idsCol)) {
            c[r.getInt(0)] += r.getLong(1);
            total += r.getLong(1);
        }
        double[] logP = new double[vocabSize];
        for (int i = 0; i < vocabSize; i++) {
            logP[i] = Math.log((c[i] + 1.0) / (total + vocabSize));
        }
        return logP;
    }

    private static List<Row> counts(Dataset<Row> ids, String idsCol) {
        return ids.select(explode(col(idsCol)).as("id")).groupBy("id").agg(count("*").as("n")).collectAsList();
    }
}
