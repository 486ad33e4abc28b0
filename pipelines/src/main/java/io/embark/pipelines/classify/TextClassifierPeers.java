package io.embark.pipelines.classify;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.CountVectorizer;
import org.apache.spark.ml.feature.CountVectorizerModel;
import org.apache.spark.ml.feature.ElementwiseProduct;
import org.apache.spark.ml.feature.IDF;
import org.apache.spark.ml.feature.NGram;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static org.apache.spark.sql.functions.col;

/**
 * The linear peers of the text classifier, on the same split and the same fastai tokens, built from Spark MLlib's
 * own stages:
 * <ul>
 *   <li><b>TF-IDF + logistic regression</b>: uni- and bigram counts ({@code NGram}, {@code CountVectorizer}),
 *       {@code IDF}, {@code LogisticRegression} with L2: what a Spark user writes today;</li>
 *   <li><b>NB-SVM</b> (Wang &amp; Manning 2012, 91.2% on IMDB with bigrams): binarised uni- and bigram
 *       indicators scaled by the naive-Bayes log-count ratio {@code r = ln((p/|p|₁) / (q/|q|₁))}, {@code p, q} the
 *       smoothed (α = 1) indicator sums of the two classes, computed on the executors; then {@code LinearSVC}. The
 *       paper's interpolation of the weights towards their mean (β) is not applied. Two classes only.</li>
 * </ul>
 * Inputs have the token column {@code tokens} and the class index {@code label_index}.
 */
public final class TextClassifierPeers {
    private static final String BIGRAMS = "peer_bigrams";
    private static final String NGRAMS = "peer_ngrams";
    private static final String COUNTS = "peer_counts";
    private static final String FEATURES = "peer_features";
    private static final String PREDICTION = "peer_prediction";

    private TextClassifierPeers() {
    }

    /** One peer's outcome: validation (and test) accuracy and fit time. */
    public record PeerResult(String name, double validAccuracy, double testAccuracy, double fitSeconds, String note) {
    }

    /** TF-IDF of uni+bigrams + logistic regression, fitted on {@code train}, scored on {@code valid} and {@code test}. */
    public static PeerResult tfidfLogisticRegression(Dataset<Row> train, Dataset<Row> valid, Dataset<Row> test,
                                                     String tokensCol, String labelCol, ClassifySettings.PeerSettings s) {
        long t0 = System.nanoTime();
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {
            new NGram().setN(2).setInputCol(tokensCol).setOutputCol(BIGRAMS),
            new org.apache.spark.ml.feature.SQLTransformer().setStatement("SELECT *, concat(`" + tokensCol + "`, "
                    + BIGRAMS + ") AS " + NGRAMS + " FROM __THIS__"),
            new CountVectorizer().setInputCol(NGRAMS).setOutputCol(COUNTS).setVocabSize(s.ngramFeatures())
                    .setMinDF(s.minDocFreq()),
            new IDF().setInputCol(COUNTS).setOutputCol(FEATURES),
            new LogisticRegression().setFeaturesCol(FEATURES).setLabelCol(labelCol).setPredictionCol(PREDICTION)
                    .setRegParam(s.regParam()).setMaxIter(100)
        }).fit(train.withColumn(labelCol, col(labelCol).cast("double")));
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new PeerResult("Spark MLlib TF-IDF uni+bigrams + LogisticRegression", accuracy(model, valid, labelCol),
                test == null ? Double.NaN : accuracy(model, test, labelCol), seconds,
                "L2 " + s.regParam() + ", " + s.ngramFeatures() + " n-grams at most");
    }

    /** NB-SVM on binarised uni+bigrams, fitted on {@code train} (two classes), scored on {@code valid} and {@code test}. */
    public static PeerResult nbSvm(Dataset<Row> train, Dataset<Row> valid, Dataset<Row> test, String tokensCol,
                                   String labelCol, ClassifySettings.PeerSettings s) {
        long t0 = System.nanoTime();
        PipelineModel features = new Pipeline().setStages(new PipelineStage[] {
            new NGram().setN(2).setInputCol(tokensCol).setOutputCol(BIGRAMS),
            new org.apache.spark.ml.feature.SQLTransformer().setStatement("SELECT *, concat(`" + tokensCol + "`, "
                    + BIGRAMS + ") AS " + NGRAMS + " FROM __THIS__"),
            new CountVectorizer().setInputCol(NGRAMS).setOutputCol(COUNTS).setVocabSize(s.ngramFeatures())
                    .setMinDF(s.minDocFreq()).setBinary(true)
        }).fit(train);
        int width = ((CountVectorizerModel) features.stages()[2]).vocabulary().length;
        Dataset<Row> indicators = features.transform(train);
        double[] ratio = logCountRatio(indicators.select(col(COUNTS), col(labelCol)).javaRDD(), width);
        ElementwiseProduct scale = new ElementwiseProduct().setScalingVec(Vectors.dense(ratio)).setInputCol(COUNTS)
                .setOutputCol(FEATURES);
        PipelineModel svm = new Pipeline().setStages(new PipelineStage[] {scale,
            new LinearSVC().setFeaturesCol(FEATURES).setLabelCol(labelCol).setPredictionCol(PREDICTION)
                    .setRegParam(s.regParam()).setMaxIter(100)
        }).fit(indicators.withColumn(labelCol, col(labelCol).cast("double")));
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new PeerResult("NB-SVM uni+bigrams (Wang & Manning 2012)",
                accuracy(svm, features.transform(valid), labelCol),
                test == null ? Double.NaN : accuracy(svm, features.transform(test), labelCol), seconds,
                "naive-Bayes log-count ratios, LinearSVC L2 " + s.regParam());
    }

    /** {@code ln((p/|p|₁) / (q/|q|₁))} with α = 1 over binarised indicators, summed per class on the executors. */
    static double[] logCountRatio(JavaRDD<Row> rows, int width) {
        double[] sums = rows.treeAggregate(new double[2 * width + 2], (acc, r) -> {
            Vector v = (Vector) r.get(0);
            int cls = ((Number) r.get(1)).intValue();
            if (cls != 0 && cls != 1) {
                throw new IllegalArgumentException("NB-SVM needs two classes (0 and 1), got class " + cls);
            }
            int offset = cls * width;
            if (v instanceof SparseVector sv) {
                for (int k : sv.indices()) {
                    acc[offset + k] += 1;
                }
            } else {
                double[] d = ((DenseVector) v).values();
                for (int k = 0; k < d.length; k++) {
                    acc[offset + k] += d[k] > 0 ? 1 : 0;
                }
            }
            return acc;
        }, (a, b) -> {
            for (int i = 0; i < a.length; i++) {
                a[i] += b[i];
            }
            return a;
        }, 2);
        double pNorm = 0;
        double qNorm = 0;
        for (int k = 0; k < width; k++) {
            qNorm += 1 + sums[k];
            pNorm += 1 + sums[width + k];
        }
        double[] r = new double[width];
        for (int k = 0; k < width; k++) {
            r[k] = Math.log(((1 + sums[width + k]) / pNorm) / ((1 + sums[k]) / qNorm));
        }
        return r;
    }

    private static double accuracy(PipelineModel model, Dataset<Row> data, String labelCol) {
        Row r = model.transform(data).agg(org.apache.spark.sql.functions.avg(
                org.apache.spark.sql.functions.when(col(PREDICTION).equalTo(col(labelCol).cast("double")), 1.0)
                        .otherwise(0.0))).first();
        return r.isNullAt(0) ? Double.NaN : r.getDouble(0);
    }
}
