package io.embark.pipelines.classify;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Accuracy, cross-entropy and the confusion matrix of {@link ClassifierPredictor} predictions against a class-index
 * column, aggregated on the executors (one row per true/predicted pair comes back).
 *
 * @param documents documents scored
 * @param correct   documents whose predicted class is the true one
 * @param lossSum   sum of {@code -ln p(true class)}
 * @param confusion {@code confusion[true][predicted]} document counts
 */
public record ClassifierEvaluation(long documents, long correct, double lossSum, long[][] confusion) {
    /** Evaluates {@code predictions} whose true class index is in {@code labelIndexCol}, over {@code numClasses}. */
    public static ClassifierEvaluation of(Dataset<Row> predictions, String labelIndexCol, int numClasses) {
        List<Row> cells = predictions
                .select(col(labelIndexCol).as("t"), col(ClassifierPredictor.PREDICTED_INDEX).as("p"),
                        log(greatest(element_at(col(ClassifierPredictor.PROBABILITIES), col(labelIndexCol).plus(1)),
                                lit(1e-30))).multiply(-1).as("loss"))
                .groupBy("t", "p").agg(count(lit(1)).as("n"), sum("loss").as("loss")).collectAsList();
        long[][] confusion = new long[numClasses][numClasses];
        long n = 0;
        long correct = 0;
        double loss = 0;
        for (Row r : cells) {
            int t = ((Number) r.get(0)).intValue();
            int p = r.getInt(1);
            long c = r.getLong(2);
            confusion[t][p] += c;
            n += c;
            loss += r.getDouble(3);
            if (t == p) {
                correct += c;
            }
        }
        return new ClassifierEvaluation(n, correct, loss, confusion);
    }

    /** Fraction classified correctly. */
    public double accuracy() {
        return documents == 0 ? Double.NaN : correct / (double) documents;
    }

    /** Mean cross-entropy (nats). */
    public double loss() {
        return documents == 0 ? Double.NaN : lossSum / documents;
    }

    /** The accuracy of always predicting the most frequent true class. */
    public double majorityAccuracy() {
        long best = 0;
        for (long[] row : confusion) {
            long total = 0;
            for (long c : row) {
                total += c;
            }
            best = Math.max(best, total);
        }
        return documents == 0 ? Double.NaN : best / (double) documents;
    }

    /** The confusion matrix keyed by class names: {@code true label -> predicted label -> count}. */
    public Map<String, Map<String, Long>> confusionByName(List<String> classes) {
        Map<String, Map<String, Long>> m = new LinkedHashMap<>();
        for (int t = 0; t < confusion.length; t++) {
            Map<String, Long> row = new LinkedHashMap<>();
            for (int p = 0; p < confusion.length; p++) {
                row.put(classes.get(p), confusion[t][p]);
            }
            m.put(classes.get(t), row);
        }
        return m;
    }
}
