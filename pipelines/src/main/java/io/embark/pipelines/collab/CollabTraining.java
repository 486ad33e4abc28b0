package io.embark.pipelines.collab;

import io.embark.pipelines.data.BatchLayout;
import io.embark.pipelines.data.ExecutorPredictor;
import io.embark.pipelines.data.RegressionMetrics;
import io.embark.pipelines.data.ShuffledEpochs;
import io.embark.pipelines.output.RunDirectory;
import io.embark.pipelines.output.RunReport;
import io.embark.pipelines.train.EpochEvaluator;
import io.embark.pipelines.train.ParameterAveragingTrainer;
import io.embark.pipelines.train.TrainingHistory;
import io.embark.transformers.tabular.Categorify;
import io.embark.transformers.tabular.CategorifyModel;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * The MovieLens workload end to end: read ratings (malformed lines to {@code rejects/}), split, fit the
 * preprocessing ({@link Categorify} on users and items) on the training split only, train
 * {@link EmbeddingDotBias} with parameter averaging, evaluate on the executors, and commit one output
 * directory:
 * <pre>
 * metrics.json            rows in/used/rejected, baseline, per-epoch metrics, final RMSE, settings, peers
 * training-curves.png     train loss and validation RMSE/MSE per epoch, with baselines
 * predictions/            validation rows with the prediction (Parquet)
 * rejects/                malformed lines with the reason (Parquet)
 * preprocessing/          the fitted Spark ML PipelineModel
 * model/embedding-dot-bias.zip  the DL4J network (with updater state)
 * </pre>
 */
public final class CollabTraining {
    private static final Logger LOG = LoggerFactory.getLogger(CollabTraining.class);

    /** Encoded user index column. */
    public static final String USER_INDEX = "user";
    /** Encoded item index column. */
    public static final String ITEM_INDEX = "item";
    /** Prediction column of the outputs. */
    public static final String PREDICTION = "prediction";
    /** Sub-directory of the fitted preprocessing. */
    public static final String PREPROCESSING_DIR = "preprocessing";
    /** Path of the network inside the output. */
    public static final String MODEL_FILE = "model/embedding-dot-bias.zip";
    /** Network inputs and label, in graph order. */
    public static final BatchLayout LAYOUT =
            BatchLayout.singleColumnInputs(new String[] {USER_INDEX, ITEM_INDEX}, RatingsReader.RATING);

    private CollabTraining() {
    }

    /** The preprocessing pipeline: Categorify users and items into {@link #USER_INDEX} and {@link #ITEM_INDEX}. */
    public static Pipeline preprocessing() {
        return new Pipeline().setStages(new PipelineStage[] {
            new Categorify().setInputCols(new String[] {RatingsReader.USER, RatingsReader.ITEM})
                    .setOutputCols(new String[] {USER_INDEX, ITEM_INDEX})
        });
    }

    /** Runs the workload and returns its metrics (also written to {@code metrics.json}). */
    public static Map<String, Object> run(SparkSession spark, CollabRunSettings s, List<CollabPeer> peers) {
        RunDirectory out = RunDirectory.open(s.output(), s.overwrite(), spark.sparkContext().hadoopConfiguration());
        try {
            Map<String, Object> metrics = train(spark, s, peers, out);
            out.commit();
            LOG.info("wrote {}", out.target());
            return metrics;
        } catch (RuntimeException | Error e) {
            out.abort();
            throw e;
        }
    }

    private static Map<String, Object> train(SparkSession spark, CollabRunSettings s, List<CollabPeer> peers,
                                             RunDirectory out) {
        RatingsReader reader = new RatingsReader(s.minRating(), s.maxRating());
        ParsedRatings parsed = reader.read(spark, s.ratings(), s.format());
        ParsedRatings parsedTest = s.testRatings() == null ? null : reader.read(spark, s.testRatings(), s.format());
        ParsedRatings.Counts counts = parsed.counts();
        ParsedRatings.Counts testCounts = parsedTest == null ? null : parsedTest.counts();
        Dataset<Row> rejects = parsedTest == null ? parsed.rejects() : parsed.rejects().union(parsedTest.rejects());
        rejects.write().parquet(out.path("rejects"));
        LOG.info("read {}: {} lines, {} ratings, {} rejected (see rejects/)", s.ratings(), counts.in(),
                counts.valid(), counts.rejected());
        if (counts.valid() == 0) {
            throw new IllegalArgumentException("no valid rating in " + s.ratings() + "; see rejects for the reasons");
        }

        Dataset<Row> train;
        Dataset<Row> valid;
        if (parsedTest == null) {
            Dataset<Row>[] split = parsed.ratings().randomSplit(new double[] {1 - s.validFraction(), s.validFraction()},
                    s.splitSeed());
            train = split[0];
            valid = split[1];
        } else {
            train = parsed.ratings();
            valid = parsedTest.ratings();
        }
        PipelineModel prep = preprocessing().fit(train);
        CategorifyModel categorify = (CategorifyModel) prep.stages()[0];
        int users = categorify.vocabulary(RatingsReader.USER).size();
        int items = categorify.vocabulary(RatingsReader.ITEM).size();
        Dataset<Row> trainEncoded = prep.transform(train).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> validEncoded = prep.transform(valid).persist(StorageLevel.MEMORY_AND_DISK());
        long trainRows = trainEncoded.count();
        long validRows = validEncoded.count();
        if (trainRows == 0 || validRows == 0) {
            throw new IllegalArgumentException("the split left " + trainRows + " training and " + validRows
                    + " validation ratings; both must be non-empty");
        }
        LOG.info("split: {} training, {} validation ratings; vocabularies: {} users, {} items (incl. #na#)",
                trainRows, validRows, users, items);

        double mean = trainEncoded.agg(avg(col(RatingsReader.RATING))).first().getDouble(0);
        Map<String, Double> baseline = RegressionMetrics.of(validEncoded, RatingsReader.RATING, lit(mean), "valid");
        LOG.info("baseline (predict the training mean {}): valid_rmse {}", String.format("%.4f", mean),
                String.format("%.4f", baseline.get("valid_rmse")));

        ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(
                JavaSparkContext.fromSparkContext(spark.sparkContext()), s.trainer());
        long totalIterations = s.trainer().epochs() * s.trainer().iterationsPerEpoch(trainRows);
        ComputationGraph net = EmbeddingDotBias.create(users, items, s.model(), totalIterations);
        double sampleFraction = Math.min(1.0, s.trainLossSampleRows() / (double) trainRows);
        Dataset<Row> trainSample = (sampleFraction < 1 ? trainEncoded.sample(sampleFraction, s.splitSeed()) : trainEncoded);
        EpochEvaluator evaluator = new EpochEvaluator() {
            @Override
            public double trainLoss(ComputationGraph n) {
                return score(n, trainSample, s.evalBatchSize(), "train").get("train_mse");
            }

            @Override
            public Map<String, Double> validate(ComputationGraph n) {
                return score(n, validEncoded, s.evalBatchSize(), "valid");
            }
        };
        ShuffledEpochs epochs = new ShuffledEpochs(trainEncoded, trainRows, LAYOUT, s.trainer().batchSizePerWorker(),
                s.trainer().workers(), s.splitSeed());
        TrainingHistory history = trainer.fit(net, epochs, evaluator);

        Dataset<Row> predictions = ExecutorPredictor.predict(net, validEncoded, LAYOUT, PREDICTION, s.evalBatchSize())
                .select(RatingsReader.USER, RatingsReader.ITEM, RatingsReader.RATING, PREDICTION);
        predictions.write().parquet(out.path("predictions"));
        savePreprocessing(prep, out);
        saveNetwork(net, out);

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("workload", "movielens");
        metrics.put("model", "EmbeddingDotBias");
        Map<String, Object> rows = new LinkedHashMap<>();
        rows.put("in", counts.in() + (testCounts == null ? 0 : testCounts.in()));
        rows.put("used", counts.valid() + (testCounts == null ? 0 : testCounts.valid()));
        rows.put("rejected", counts.rejected() + (testCounts == null ? 0 : testCounts.rejected()));
        rows.put("train", trainRows);
        rows.put("valid", validRows);
        metrics.put("rows", rows);
        metrics.put("vocabulary", Map.of("users", users, "items", items));
        metrics.put("baseline_predict_mean", Map.of("mean", mean, "valid_rmse", baseline.get("valid_rmse"),
                "valid_mse", baseline.get("valid_mse")));
        metrics.put("final", history.last().metrics());
        metrics.put("epochs", RunReport.epochs(history));
        metrics.put("training", RunReport.training(history, s.trainer(), net.numParams(), spark.sparkContext().master()));
        metrics.put("settings", s.model());

        Map<String, Double> references = new LinkedHashMap<>();
        references.put("predict-mean rmse", baseline.get("valid_rmse"));
        for (CollabPeer peer : peers) {
            Map<String, Object> peerMetrics = peer.run(train, valid);
            metrics.put(peer.name(), peerMetrics);
            references.put(peer.name() + " rmse", ((Number) peerMetrics.get("valid_rmse")).doubleValue());
        }
        RunReport.writeMetrics(out, metrics);
        RunReport.writeCurves(out, "MovieLens EmbeddingDotBias", history, references);

        trainEncoded.unpersist();
        validEncoded.unpersist();
        parsed.release();
        if (parsedTest != null) {
            parsedTest.release();
        }
        return metrics;
    }

    /** {@code {prefix_rmse, prefix_mse}} of the network on encoded rows, computed on the executors. */
    static Map<String, Double> score(ComputationGraph net, Dataset<Row> encoded, int batchSize, String prefix) {
        Dataset<Row> scored = ExecutorPredictor.predict(net, encoded.select(USER_INDEX, ITEM_INDEX, RatingsReader.RATING),
                LAYOUT, PREDICTION, batchSize);
        return RegressionMetrics.of(scored, RatingsReader.RATING, col(PREDICTION), prefix);
    }

    private static void savePreprocessing(PipelineModel prep, RunDirectory out) {
        try {
            prep.write().save(out.path(PREPROCESSING_DIR));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void saveNetwork(ComputationGraph net, RunDirectory out) {
        try (FSDataOutputStream stream = out.fileSystem().create(new Path(out.path(MODEL_FILE)), true)) {
            ModelSerializer.writeModel(net, stream, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
