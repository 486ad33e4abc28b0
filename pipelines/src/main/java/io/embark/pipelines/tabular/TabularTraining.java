package io.embark.pipelines.tabular;

import io.embark.pipelines.data.BatchLayout;
import io.embark.pipelines.data.ExecutorPredictor;
import io.embark.pipelines.data.ShuffledEpochs;
import io.embark.pipelines.output.RunDirectory;
import io.embark.pipelines.output.RunReport;
import io.embark.pipelines.train.EpochEvaluator;
import io.embark.pipelines.train.ParameterAveragingTrainer;
import io.embark.pipelines.train.TrainingHistory;
import io.embark.transformers.shared.SchemaChecks;
import io.embark.transformers.tabular.TabularFeatures;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.storage.StorageLevel;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Trains fastai's tabular model ({@link TabularModel}) on prepared frames with parameter averaging, evaluates it
 * on the executors after every epoch, and commits one output directory:
 * <pre>
 * metrics.json              rows, features, baseline, per-epoch metrics, final metrics, training, settings
 * training-curves.png       train loss and validation metrics per epoch, with the predict-the-mean baseline
 * predictions/              validation id columns, target and prediction (Parquet)
 * model/tabular-model.zip   the DL4J network (with updater state)
 * </pre>
 * Generic: the caller fits the preparation (e.g. {@link io.embark.transformers.tabular.TabularPreparation}) on
 * the training split, applies it to both frames, and names the target and the metric. Nothing is collected to
 * the driver: batches are built and predictions made inside the partitions.
 *
 * <pre>{@code
 * PipelineModel prep = TabularPreparation.builder().categorical("Store", "DayOfWeek").continuous("Temp").build().fit(train);
 * Map<String, Object> metrics = TabularTraining.run(spark, settings, prep.transform(train), prep.transform(valid),
 *     TabularFeatures.of(prep));
 * }</pre>
 */
public final class TabularTraining {
    private static final Logger LOG = LoggerFactory.getLogger(TabularTraining.class);

    /** Prediction column of the outputs. */
    public static final String PREDICTION = "prediction";
    /** Sub-directory of the validation predictions. */
    public static final String PREDICTIONS_DIR = "predictions";
    /** Path of the network inside the output. */
    public static final String MODEL_FILE = "model/tabular-model.zip";

    private static final String STAGE = "TabularTraining";

    private TabularTraining() {
    }

    /**
     * Runs the training and returns its metrics (also written to {@code metrics.json}).
     *
     * @param train    prepared training rows (every feature column of {@code features} and the target)
     * @param valid    prepared validation rows (the same, plus the id columns)
     * @param features the categorical and continuous columns the model consumes, with their cardinalities
     */
    public static Map<String, Object> run(SparkSession spark, TabularRunSettings s, Dataset<Row> train,
                                          Dataset<Row> valid, TabularFeatures features) {
        BatchLayout layout = TabularBatches.layout(features, s.target());
        requireColumns(train, "training", layout.allColumns(), s.target());
        requireColumns(valid, "validation", validColumns(layout, s), s.target());
        RunDirectory out = RunDirectory.open(s.output(), s.overwrite(), spark.sparkContext().hadoopConfiguration());
        try {
            Map<String, Object> metrics = train(spark, s, train, valid, features, layout, out);
            out.commit();
            LOG.info("wrote {}", out.target());
            return metrics;
        } catch (RuntimeException | Error e) {
            out.abort();
            throw e;
        }
    }

    private static Map<String, Object> train(SparkSession spark, TabularRunSettings s, Dataset<Row> train,
                                             Dataset<Row> valid, TabularFeatures features, BatchLayout layout,
                                             RunDirectory out) {
        Dataset<Row> trainRows = select(train, layout.allColumns()).persist(StorageLevel.MEMORY_AND_DISK());
        Dataset<Row> validRows = select(valid, validColumns(layout, s)).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            long nTrain = trainRows.count();
            long nValid = validRows.count();
            if (nTrain == 0 || nValid == 0) {
                throw new IllegalArgumentException(nTrain + " training and " + nValid
                        + " validation rows; both must be non-empty");
            }
            LOG.info("{}: {} training, {} validation rows; {}", s.name(), nTrain, nValid, features);

            String headline = s.metric().name("valid");
            double mean = trainRows.agg(avg(col(s.target()))).first().getDouble(0);
            Map<String, Double> baseline = s.metric().measure(validRows, s.target(), lit(mean), "valid");
            LOG.info("baseline (predict the training mean {}): {} {}", fmt(mean), headline, fmt(baseline.get(headline)));

            ParameterAveragingTrainer trainer = new ParameterAveragingTrainer(
                    JavaSparkContext.fromSparkContext(spark.sparkContext()), s.trainer());
            long totalIterations = s.trainer().epochs() * s.trainer().iterationsPerEpoch(nTrain);
            ComputationGraph net = TabularModel.create(features, s.model(), totalIterations);
            double sampleFraction = Math.min(1.0, s.trainLossSampleRows() / (double) nTrain);
            Dataset<Row> trainSample = sampleFraction < 1 ? trainRows.sample(sampleFraction, s.trainer().seed()) : trainRows;
            EpochEvaluator evaluator = new EpochEvaluator() {
                @Override
                public double trainLoss(ComputationGraph n) {
                    return score(n, trainSample, layout, s.target(), TabularMetric.RMSE, s.evalBatchSize(), "train")
                            .get("train_mse");
                }

                @Override
                public Map<String, Double> validate(ComputationGraph n) {
                    return score(n, validRows, layout, s.target(), s.metric(), s.evalBatchSize(), "valid");
                }
            };
            ShuffledEpochs epochs = new ShuffledEpochs(trainRows, nTrain, layout, s.trainer().batchSizePerWorker(),
                    s.trainer().workers(), s.trainer().seed());
            TrainingHistory history = trainer.fit(net, epochs, evaluator);

            List<String> kept = new ArrayList<>(s.idColumns());
            kept.add(s.target());
            kept.add(PREDICTION);
            ExecutorPredictor.predict(net, validRows, layout, PREDICTION, s.evalBatchSize())
                    .select(kept.stream().map(c -> col(c)).toArray(Column[]::new))
                    .write().parquet(out.path(PREDICTIONS_DIR));
            saveNetwork(net, out);

            Map<String, Object> metrics = report(spark, s, features, nTrain, nValid, mean, baseline, history, net);
            RunReport.writeMetrics(out, metrics);
            RunReport.writeCurves(out, s.name() + " TabularModel", history,
                    Map.of("predict-mean " + headline, baseline.get(headline)));
            return metrics;
        } finally {
            trainRows.unpersist();
            validRows.unpersist();
        }
    }

    /**
     * Scores {@code rows} (prepared like the training rows; no target needed) with the network saved by a run in
     * {@code runDirectory}, on the executors: {@code rows} with {@link #PREDICTION} appended.
     */
    public static Dataset<Row> predict(SparkSession spark, String runDirectory, Dataset<Row> rows,
                                       TabularFeatures features, int batchSize) {
        Path file = new Path(runDirectory, MODEL_FILE);
        ComputationGraph net;
        try (java.io.InputStream in = file.getFileSystem(spark.sparkContext().hadoopConfiguration()).open(file)) {
            net = ModelSerializer.restoreComputationGraph(in, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the trained model " + file, e);
        }
        BatchLayout layout = TabularBatches.layout(features, PREDICTION);
        for (String c : layout.withoutLabels().allColumns()) {
            SchemaChecks.requireColumn(STAGE + " (rows to score)", rows.schema(), c);
        }
        return ExecutorPredictor.predict(net, rows, layout, PREDICTION, batchSize);
    }

    /** The metrics of {@code net} on {@code rows} (named {@code prefix_*}), computed on the executors. */
    static Map<String, Double> score(ComputationGraph net, Dataset<Row> rows, BatchLayout layout, String target,
                                     TabularMetric metric, int batchSize, String prefix) {
        Dataset<Row> scored = ExecutorPredictor.predict(net, select(rows, layout.allColumns()), layout, PREDICTION,
                batchSize);
        return metric.measure(scored, target, col(PREDICTION), prefix);
    }

    private static Map<String, Object> report(SparkSession spark, TabularRunSettings s, TabularFeatures features,
                                              long nTrain, long nValid, double mean, Map<String, Double> baseline,
                                              TrainingHistory history, ComputationGraph net) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("workload", s.name());
        metrics.put("model", "TabularModel");
        metrics.put("target", s.target());
        metrics.put("metric", s.metric().name("valid"));
        metrics.put("rows", Map.of("train", nTrain, "valid", nValid));
        Map<String, Object> feats = new LinkedHashMap<>();
        feats.put("cardinalities", features.cardinalities());
        feats.put("embedding_sizes", features.embeddingSizes());
        feats.put("continuous", features.continuousCols());
        metrics.put("features", feats);
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("mean", mean);
        base.putAll(baseline);
        metrics.put("baseline_predict_mean", base);
        metrics.put("final", history.last().metrics());
        metrics.put("epochs", RunReport.epochs(history));
        metrics.put("training", RunReport.training(history, s.trainer(), net.numParams(), spark.sparkContext().master()));
        metrics.put("settings", s.model());
        return metrics;
    }

    private static String[] validColumns(BatchLayout layout, TabularRunSettings s) {
        Set<String> cols = new LinkedHashSet<>(s.idColumns());
        cols.addAll(Arrays.asList(layout.allColumns()));
        return cols.toArray(new String[0]);
    }

    private static void requireColumns(Dataset<Row> frame, String which, String[] cols, String target) {
        for (String c : cols) {
            SchemaChecks.requireColumn(STAGE + " (" + which + " rows)", frame.schema(), c);
        }
        SchemaChecks.requireType(STAGE + " (" + which + " rows)", frame.schema().apply(target),
                t -> t instanceof NumericType, "numeric");
        if (Arrays.asList(frame.columns()).contains(PREDICTION)) {
            throw new IllegalArgumentException(STAGE + ": the " + which + " rows already have a column '" + PREDICTION
                    + "'; drop or rename it");
        }
    }

    private static Dataset<Row> select(Dataset<Row> frame, String[] cols) {
        return frame.select(Arrays.stream(cols).map(c -> col(c)).toArray(Column[]::new));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static void saveNetwork(ComputationGraph net, RunDirectory out) {
        try (FSDataOutputStream stream = out.fileSystem().create(new Path(out.path(MODEL_FILE)), true)) {
            ModelSerializer.writeModel(net, stream, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
