package io.embark.pipelines.collab;

import io.embark.pipelines.data.BatchLayout;
import io.embark.pipelines.data.ExecutorPredictor;
import io.embark.pipelines.data.RegressionMetrics;
import io.embark.pipelines.output.RunDirectory;
import io.embark.pipelines.output.RowCounts;
import io.embark.pipelines.output.RunReport;
import io.embark.pipelines.output.TrainingSummary;
import io.embark.pipelines.supervised.RegressionTraining;
import io.embark.pipelines.train.TrainingHistory;
import io.embark.transformers.tabular.Categorify;
import io.embark.transformers.tabular.CategorifyModel;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.apache.spark.sql.functions.col;

/**
 * The MovieLens workload end to end: read ratings (malformed lines to {@code rejects/}), split, fit the
 * preprocessing ({@link Categorify} on users and items) on the training split only, train
 * {@link EmbeddingDotBias} with parameter averaging, evaluate on the executors, and commit one output
 * directory:
 * <pre>
 * metrics.json            {@link CollabResult}: rows in/used/rejected, baseline, per-epoch metrics, final RMSE,
 *                         settings, peers
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

    /** Runs the workload and returns its result (also written to {@code metrics.json}). */
    public static CollabResult run(SparkSession spark, CollabRunSettings s, List<CollabPeer> peers) {
        CollabResult result = RunDirectory.run(s.run().output(), s.run().overwrite(),
                spark.sparkContext().hadoopConfiguration(), out -> train(spark, s, peers, out));
        s.run().discardCheckpoints(spark.sparkContext().hadoopConfiguration());
        return result;
    }

    private static CollabResult train(SparkSession spark, CollabRunSettings s, List<CollabPeer> peers,
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

        RegressionTraining.Fitted fitted = RegressionTraining.fit(spark, task(s), trainEncoded, trainRows,
                validEncoded, totalIterations -> EmbeddingDotBias.create(users, items, s.model(), totalIterations));
        ComputationGraph net = fitted.network();
        TrainingHistory history = fitted.history();

        Dataset<Row> predictions = ExecutorPredictor.predict(net, validEncoded, LAYOUT, PREDICTION, s.run().evalBatchSize())
                .select(RatingsReader.USER, RatingsReader.ITEM, RatingsReader.RATING, PREDICTION);
        predictions.write().parquet(out.path("predictions"));
        RunReport.writePipeline(out, PREPROCESSING_DIR, prep);
        RunReport.writeNetwork(out, MODEL_FILE, net);

        Map<String, Double> references = new LinkedHashMap<>();
        references.put("predict-mean rmse", fitted.baseline().get("valid_rmse"));
        Map<String, CollabPeer.Result> peerResults = new LinkedHashMap<>();
        for (CollabPeer peer : peers) {
            CollabPeer.Result result = peer.run(train, valid);
            peerResults.put(peer.name(), result);
            references.put(peer.name() + " rmse", result.validRmse());
        }
        long in = counts.in() + (testCounts == null ? 0 : testCounts.in());
        long rejected = counts.rejected() + (testCounts == null ? 0 : testCounts.rejected());
        CollabResult result = new CollabResult(out.target(), RowCounts.read(in, rejected, trainRows, validRows),
                new CollabResult.Vocabulary(users, items),
                new CollabResult.Baseline(fitted.mean(), fitted.baseline().get("valid_rmse"),
                        fitted.baseline().get("valid_mse")),
                history.last().metrics(), history.epochs(),
                TrainingSummary.of(history, s.run().trainer(), net.numParams(), spark.sparkContext().master()), s.model(),
                peerResults);
        RunReport.writeMetrics(out, result);
        RunReport.writeCurves(out, "MovieLens EmbeddingDotBias", history, references);

        trainEncoded.unpersist();
        validEncoded.unpersist();
        parsed.release();
        if (parsedTest != null) {
            parsedTest.release();
        }
        return result;
    }

    /** What MovieLens hands the shared regression skeleton. */
    private static RegressionTraining.Task task(CollabRunSettings s) {
        return new RegressionTraining.Task(LAYOUT, RatingsReader.RATING, RegressionMetrics::of, "valid_rmse", s.run(),
                s.splitSeed());
    }

    /**
     * The recommend step: the top {@code s.topN()} unseen movies per user of {@code s.ratings()} from the trained run
     * in {@code s.modelDir()}, with titles when {@code s.movies()} is given, committed to {@code s.output()}
     * ({@code recommendations/} and the malformed rating lines in {@code rejects/}, Parquet).
     */
    public static RecommendResult recommend(SparkSession spark, RecommendSettings s) {
        Recommender recommender = Recommender.load(spark, s.modelDir());
        RecommendResult result = RunDirectory.run(s.output(), s.overwrite(), spark.sparkContext().hadoopConfiguration(),
                out -> {
                    ParsedRatings parsed = new RatingsReader(s.minRating(), s.maxRating())
                            .read(spark, s.ratings(), s.format());
                    ParsedRatings.Counts counts = parsed.counts();
                    parsed.rejects().write().parquet(out.path("rejects"));
                    Dataset<Row> movies = s.movies() == null ? null
                            : spark.read().option("header", "true").csv(s.movies());
                    recommender.recommend(parsed.ratings(), s.topN(), movies).write()
                            .parquet(out.path(RecommendResult.RECOMMENDATIONS_DIR));
                    parsed.release();
                    return new RecommendResult(out.target(), s.topN(), 0, counts.valid(), counts.rejected(), List.of());
                });
        Dataset<Row> written = spark.read().parquet(result.output() + "/" + RecommendResult.RECOMMENDATIONS_DIR);
        long users = written.select(RatingsReader.USER).distinct().count();
        List<String> first = written.orderBy(RatingsReader.USER, Recommender.RANK).limit(s.topN()).collectAsList()
                .stream().map(r -> r.mkString(" | ")).toList();
        LOG.info("recommendations written");
        return new RecommendResult(result.output(), s.topN(), users, result.ratings(), result.rejected(), first);
    }
}
